//! Allocation-free hashing of feature strings (FxHash-style mixing + a final avalanche).

/// The FxHash multiplier.
pub const K: u64 = 0x517c_c1b7_2722_0a95;

/// Mix one value `v` (a character, a word hash) into the running hash `h`.
#[inline(always)]
pub fn add(h: u64, v: u64) -> u64 {
    (h.rotate_left(5) ^ v).wrapping_mul(K)
}

/// Final avalanche (MurmurHash3's `fmix64`): every input bit affects every output bit.
#[inline(always)]
pub fn fmix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    h
}

/// Feature id (32 bits, never 0) from a template id and one value; 0 is never
/// returned, so it can mean "no feature".
#[inline(always)]
pub fn fid(template: u64, a: u64) -> u32 {
    let h = fmix(add(add(0x9e37_79b9_7f4a_7c15, template), a));
    let x = (h >> 32) as u32;
    if x == 0 {
        1
    } else {
        x
    }
}

/// Feature id (32 bits, never 0) from a template id and two values, as [`fid`].
#[inline(always)]
pub fn fid2(template: u64, a: u64, b: u64) -> u32 {
    let h = fmix(add(add(add(0x9e37_79b9_7f4a_7c15, template), a), b));
    let x = (h >> 32) as u32;
    if x == 0 {
        1
    } else {
        x
    }
}
