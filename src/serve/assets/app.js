// newsdex serve: the page. Every article string reaches the page through
// textContent, DOM nodes or URLSearchParams, never as markup; the whole state lives
// in the URL's query string.
'use strict';

const FILTERS = ['speaker', 'person', 'org', 'place', 'country', 'source', 'since', 'until'];
const ENTITY_FILTERS = ['speaker', 'person', 'org', 'place', 'country', 'source'];
const ROOTS = [
  ['speaker', 'Speakers'], ['person', 'People'], ['country', 'Countries'],
  ['org', 'Organizations'], ['place', 'Places'],
];
// The entity lists of a hit, by the filter they add.
const HIT_ENTITIES = [
  ['speakers', 'speaker'], ['people', 'person'], ['countries', 'country'],
  ['orgs', 'org'], ['places', 'place'],
];
const PERIODS = ['day', 'week', 'month', 'year'];
const SINGULAR = { speaker: 'speaker', person: 'person', country: 'country', org: 'organization', place: 'place' };
const PAGE = 20;

const $ = (id) => document.getElementById(id);

/** An element with properties (textContent, className, href…) and children. */
function el(tag, props, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k in e && k !== 'list') e[k] = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

// ---- state <-> URL ----

function readState() {
  const p = new URLSearchParams(location.search);
  const s = {
    view: ['search', 'quotes', 'article'].includes(p.get('view')) ? p.get('view') : 'search',
    q: p.get('q') || '',
    id: p.get('id') || '',
    offset: Math.max(0, parseInt(p.get('offset') || '0', 10) || 0),
    period: PERIODS.includes(p.get('period')) ? p.get('period') : 'month',
    filters: {},
  };
  for (const f of FILTERS) s.filters[f] = p.getAll(f).filter((v) => v !== '');
  return s;
}

function toParams(s) {
  const p = new URLSearchParams();
  if (s.view && s.view !== 'search') p.set('view', s.view);
  if (s.view === 'article') {
    p.set('id', s.id);
    return p;
  }
  if (s.q) p.set('q', s.q);
  for (const f of FILTERS) for (const v of s.filters[f] || []) p.append(f, v);
  if (s.offset) p.set('offset', String(s.offset));
  if (s.period && s.period !== 'month') p.set('period', s.period);
  return p;
}

function href(s) {
  const q = toParams(s).toString();
  return q ? '?' + q : location.pathname;
}

function clone(s) {
  return JSON.parse(JSON.stringify(s));
}

/** The state with one more filter value, back to the first page of results. */
function withFilter(s, name, value, view) {
  const n = clone(s);
  n.view = view || (s.view === 'article' ? 'search' : s.view);
  n.offset = 0;
  const list = n.filters[name] || (n.filters[name] = []);
  if (name === 'since' || name === 'until') n.filters[name] = [value];
  else if (!list.includes(value)) list.push(value);
  return n;
}

function go(s) {
  history.pushState({ inPage: true }, '', href(s));
  render();
}

/** A link that changes the state without reloading the page. */
function navLink(s, text, props) {
  const p = Object.assign({ href: href(s) }, props || {});
  p.dataset = Object.assign({ nav: '' }, p.dataset || {});
  return el('a', p, text);
}

// ---- API ----

let generation = 0;

async function api(path, params) {
  const q = params ? params.toString() : '';
  const res = await fetch(path + (q ? '?' + q : ''), { headers: { Accept: 'application/json' } });
  let body;
  try {
    body = await res.json();
  } catch (e) {
    throw new Error('the server answered ' + res.status + ' without JSON');
  }
  if (!res.ok) throw new Error(body && body.error ? body.error : 'error ' + res.status);
  return body;
}

function apiParams(s, extra) {
  const p = new URLSearchParams();
  if (s.q) p.set('q', s.q);
  for (const f of FILTERS) for (const v of s.filters[f] || []) p.append(f, v);
  for (const [k, v] of Object.entries(extra || {})) p.set(k, String(v));
  return p;
}

// ---- rendering ----

function setStatus(text, isError) {
  const st = $('status');
  st.textContent = text;
  st.className = isError ? 'error' : '';
}

function clear(...ids) {
  for (const id of ids) $(id).replaceChildren();
}

function renderChips(s) {
  const box = $('chips');
  box.replaceChildren();
  if (s.view === 'article') return;
  for (const f of FILTERS) {
    for (const v of s.filters[f] || []) {
      const n = clone(s);
      n.filters[f] = n.filters[f].filter((x) => x !== v);
      n.offset = 0;
      const chip = navLink(n, '', {
        className: 'chip filter',
        title: 'Remove this filter',
        'aria-label': 'Remove filter ' + f + ': ' + v,
      });
      chip.append(el('span', { className: 'chip-label' }, f + ': ' + v), el('span', { className: 'x' }, '×'));
      box.append(chip);
    }
  }
}

/** The snippet with its highlighted character ranges as <mark> nodes. */
function snippetNode(text, ranges) {
  const chars = Array.from(text || '');
  const p = el('p', { className: 'snippet' });
  let at = 0;
  for (const [a, b] of ranges || []) {
    if (a < at || b > chars.length || a >= b) continue;
    p.append(chars.slice(at, a).join(''), el('mark', {}, chars.slice(a, b).join('')));
    at = b;
  }
  p.append(chars.slice(at).join(''));
  return p;
}

function entityChips(s, entities, view) {
  const box = el('div', { className: 'ents' });
  const speakers = new Set((entities && entities.speakers) || []);
  for (const [key, filter] of HIT_ENTITIES) {
    for (const v of (entities && entities[key]) || []) {
      // A speaker is a person too; one chip (the speaker's) is enough.
      if (filter === 'person' && speakers.has(v)) continue;
      box.append(navLink(withFilter(s, filter, v, view), v, {
        className: 'ent ent-' + filter,
        title: 'Filter by ' + filter + ': ' + v,
      }));
    }
  }
  return box;
}

function articleState(id) {
  return { view: 'article', id, filters: {} };
}

function meta(...parts) {
  return el('div', { className: 'meta' }, parts.filter(Boolean).join(' · '));
}

function renderHits(s, r) {
  const list = $('results');
  list.replaceChildren();
  for (const h of r.hits) {
    const li = el('li', { className: 'hit' });
    if (s.view === 'quotes' && h.quote) {
      li.append(el('blockquote', { className: 'quote-text' }, '“' + h.quote.text.trim() + '”'));
      const who = h.quote.speaker
        ? navLink(withFilter(s, 'speaker', h.quote.speaker, 'quotes'), h.quote.speaker, { className: 'ent ent-speaker' })
        : el('span', { className: 'meta' }, '(unattributed)');
      li.append(el('div', {}, '— ', who, ' in ', navLink(articleState(h.id), h.title || '(untitled)')));
      li.append(meta(h.date, h.source));
      if (h.quote.context) li.append(el('p', { className: 'snippet' }, h.quote.context));
    } else {
      li.append(el('h3', {}, navLink(articleState(h.id), h.title || '(untitled)', { className: 'hit-title' })));
      li.append(meta(h.date, h.source));
      li.append(snippetNode(h.snippet, h.highlights));
      li.append(entityChips(s, h.entities, s.view));
    }
    list.append(li);
  }
}

function renderFacets(s, r) {
  const side = $('sidebar');
  side.replaceChildren();
  for (const [root, label] of ROOTS) {
    const section = el('section', { className: 'facet', dataset: { root } });
    section.append(el('h2', {}, label));
    const ul = el('ul', { className: 'facet-list' });
    for (const f of (r.facets && r.facets[root]) || []) {
      const active = (s.filters[root] || []).includes(f.value);
      ul.append(el('li', {},
        navLink(withFilter(s, root, f.value), f.value, {
          className: 'facet-value' + (active ? ' active' : ''),
          title: 'Filter by ' + root + ': ' + f.value,
          dataset: { root, value: f.value },
        }),
        el('span', { className: 'count' }, String(f.count))));
    }
    section.append(ul, adder(s, root, label));
    side.append(section);
  }
}

/** A text box that suggests values of one facet while a name is typed. */
function adder(s, root, label) {
  const listId = 'values-' + root;
  const input = el('input', {
    className: 'adder', type: 'search', autocomplete: 'off',
    placeholder: 'Add ' + SINGULAR[root] + '…',
    'aria-label': 'Filter by ' + root, list: listId,
  });
  const dl = el('datalist', { id: listId });
  let timer = 0;
  let asked = '';
  input.addEventListener('input', () => {
    clearTimeout(timer);
    const prefix = input.value.trim();
    if (!prefix || prefix === asked) return;
    timer = setTimeout(async () => {
      asked = prefix;
      try {
        const r = await api('/api/values/' + root, new URLSearchParams({ prefix, limit: '12' }));
        dl.replaceChildren(...r.values.map((v) => el('option', { value: v.value }, v.value + ' (' + v.count + ')')));
      } catch (e) {
        dl.replaceChildren();
      }
    }, 120);
  });
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && input.value.trim()) {
      ev.preventDefault();
      go(withFilter(s, root, input.value.trim()));
    }
  });
  input.addEventListener('change', () => {
    const v = input.value.trim();
    if (v && Array.from(dl.options).some((o) => o.value === v)) go(withFilter(s, root, v));
  });
  return el('div', {}, input, dl);
}

/** The first and last day of a bucket label (2015, 2015-11, 2015-W48, 2015-11-24). */
function bucketRange(label, period) {
  const pad = (n) => String(n).padStart(2, '0');
  const iso = (d) => d.getUTCFullYear() + '-' + pad(d.getUTCMonth() + 1) + '-' + pad(d.getUTCDate());
  if (period === 'week') {
    const m = /^(\d{4})-W(\d{2})$/.exec(label);
    if (!m) return null;
    const jan4 = new Date(Date.UTC(+m[1], 0, 4));
    const monday = new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 864e5 + (+m[2] - 1) * 7 * 864e5);
    return [iso(monday), iso(new Date(monday.getTime() + 6 * 864e5))];
  }
  return [label, label];
}

function renderTimeline(s, r) {
  const box = $('timeline');
  box.replaceChildren();
  const h = r.histogram;
  if (!h || !h.buckets.length || r.total === 0) return;
  const max = Math.max(1, ...h.buckets.map((b) => b.count));
  for (const b of h.buckets) {
    const range = bucketRange(b.period, h.period);
    const n = clone(s);
    n.offset = 0;
    if (range) {
      n.filters.since = [range[0]];
      n.filters.until = [range[1]];
    }
    const bar = el('button', {
      type: 'button', className: 'bar',
      title: b.period + ': ' + b.count,
      'aria-label': b.period + ': ' + b.count + ' — show only this period',
    });
    bar.style.height = Math.max(2, Math.round((b.count / max) * 100)) + '%';
    bar.addEventListener('click', () => go(n));
    box.append(bar);
  }
  const first = h.buckets[0].period;
  const last = h.buckets[h.buckets.length - 1].period;
  box.append(el('span', { className: 'span-label' }, first === last ? first : first + ' – ' + last));
  const periods = el('span', { className: 'periods' });
  for (const p of PERIODS) {
    const n = clone(s);
    n.period = p;
    periods.append(p === h.period ? el('strong', {}, p) : navLink(n, p), ' ');
  }
  box.append(periods);
}

function renderPager(s, r) {
  const nav = $('pager');
  nav.replaceChildren();
  if (s.offset > 0) {
    const n = clone(s);
    n.offset = Math.max(0, s.offset - PAGE);
    nav.append(navLink(n, '← Newer / better', { rel: 'prev' }));
  }
  if (s.offset + r.hits.length < r.total) {
    const n = clone(s);
    n.offset = s.offset + PAGE;
    nav.append(navLink(n, 'More →', { rel: 'next' }));
  }
}

async function renderRelated(s, gen) {
  const side = $('related');
  side.replaceChildren();
  let entity = null;
  for (const f of ['person', 'speaker', 'org', 'country', 'place']) {
    if ((s.filters[f] || []).length) {
      entity = s.filters[f][0];
      break;
    }
  }
  if (!entity) return;
  try {
    // The scope is the query and the other filters: within the entity's own filter
    // every partner would be as likely as chance.
    const scope = clone(s);
    for (const f of ENTITY_FILTERS) scope.filters[f] = (scope.filters[f] || []).filter((v) => v !== entity);
    const r = await api('/api/related', apiParams(scope, { entity, top: 6 }));
    if (gen !== generation) return;
    side.append(el('h2', {}, 'Related to ' + entity), el('p', { className: 'meta' },
      r.articles + ' of ' + r.scope + ' articles; count and lift (how much more often than chance)'));
    for (const [root, items] of Object.entries(r.groups)) {
      if (!items.length) continue;
      side.append(el('h2', {}, root));
      const ul = el('ul', { className: 'facet-list related-list' });
      for (const it of items) {
        ul.append(el('li', {},
          navLink(withFilter(s, root, it.value), it.value, { className: 'ent ent-' + root }),
          el('span', { className: 'count' }, String(it.count)),
          el('span', { className: 'lift' }, '×' + it.lift.toFixed(1))));
      }
      side.append(ul);
    }
  } catch (e) {
    if (gen === generation) side.append(el('p', { className: 'meta' }, e.message));
  }
}

async function renderSearch(s, gen) {
  $('article').hidden = true;
  $('article').replaceChildren();
  const path = s.view === 'quotes' ? '/api/quotes' : '/api/search';
  setStatus('Searching…');
  const r = await api(path, apiParams(s, { limit: PAGE, offset: s.offset, facets: 10, histogram: s.period }));
  if (gen !== generation) return;
  const noun = s.view === 'quotes' ? (r.total === 1 ? 'quotation' : 'quotations') : (r.total === 1 ? 'article' : 'articles');
  const st = $('status');
  st.className = '';
  st.replaceChildren(el('strong', { id: 'total' }, String(r.total)), ' ' + noun,
    r.total > r.hits.length ? ' (showing ' + (r.hits.length ? s.offset + 1 : 0) + '–' + (s.offset + r.hits.length) + ')' : '');
  renderTimeline(s, r);
  renderHits(s, r);
  renderPager(s, r);
  renderFacets(s, r);
  renderRelated(s, gen);
}

/** The article body as paragraphs with the names of its entities marked by type. */
function markedBody(a, s) {
  const names = new Map();
  const add = (name, filter) => {
    if (name && name.length >= 2 && !names.has(name)) names.set(name, filter);
  };
  const speakers = new Set(a.entities.speakers || []);
  for (const [key, filter] of HIT_ENTITIES) {
    for (const v of a.entities[key] || []) add(v, filter === 'person' && speakers.has(v) ? 'speaker' : filter);
  }
  // A person's surname alone, as articles write it after the first mention.
  for (const [key, filter] of [['speakers', 'speaker'], ['people', 'person']]) {
    for (const v of a.entities[key] || []) {
      const parts = v.split(/\s+/);
      const last = parts[parts.length - 1];
      if (parts.length > 1 && last.length >= 3) add(last, filter);
    }
  }
  // A place by its own name ("Geneva" for "Geneva, Switzerland").
  for (const v of a.entities.places || []) {
    const own = v.split(',')[0].trim();
    if (own !== v && own.length >= 3) add(own, 'place');
  }
  const escape = (t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const sorted = Array.from(names.keys()).sort((x, y) => y.length - x.length);
  const re = sorted.length ? new RegExp('(?<![\\p{L}\\p{N}])(' + sorted.map(escape).join('|') + ')(?![\\p{L}\\p{N}])', 'gu') : null;
  const byName = (found) => {
    const filter = names.get(found);
    const list = { speaker: 'speakers', person: 'people', place: 'places' }[filter];
    const full = list
      ? (a.entities[list] || []).find((v) => v === found || v.endsWith(' ' + found) || v.startsWith(found + ',')) || found
      : found;
    return [filter, full];
  };
  const body = el('div', { className: 'article-body' });
  for (const para of (a.body || '').split(/\n\s*\n/)) {
    if (!para.trim()) continue;
    const p = el('p');
    let at = 0;
    if (re) {
      re.lastIndex = 0;
      let m;
      while ((m = re.exec(para)) !== null) {
        const [filter, full] = byName(m[1]);
        p.append(para.slice(at, m.index));
        const mark = el('mark', { className: 'ent-' + filter, title: filter + ': ' + full });
        mark.append(navLink(withFilter({ view: 'search', filters: {} }, filter, full), m[1]));
        p.append(mark);
        at = m.index + m[1].length;
      }
    }
    p.append(para.slice(at));
    body.append(p);
  }
  return body;
}

async function renderArticle(s, gen) {
  clear('results', 'pager', 'timeline', 'sidebar', 'related');
  setStatus('Loading…');
  const a = await api('/api/articles/' + encodeURIComponent(s.id));
  if (gen !== generation) return;
  setStatus('');
  const box = $('article');
  box.replaceChildren();
  box.hidden = false;
  box.append(el('h1', {}, a.title || '(untitled)'));
  const info = [a.date, a.source, a.author ? 'by ' + a.author : null].filter(Boolean).join(' · ');
  box.append(el('div', { className: 'meta' }, info));
  if (a.url) {
    // Only web links are links; anything else (javascript:, data:) is shown as text.
    const url = /^https?:\/\//i.test(a.url)
      ? el('a', { href: a.url, rel: 'noopener noreferrer nofollow', target: '_blank' }, a.url)
      : el('span', {}, a.url);
    box.append(el('div', { className: 'meta' }, url));
  }
  const legend = el('div', { className: 'legend' });
  for (const [cls, text] of [['person', 'person'], ['speaker', 'speaker'], ['place', 'place'], ['country', 'country'], ['org', 'organization']]) {
    legend.append(el('span', { className: 'ent ent-' + cls }, text));
  }
  box.append(legend, entityChips({ view: 'search', filters: {} }, a.entities, 'search'));
  box.append(markedBody(a, s));
  if (a.quotes && a.quotes.length) {
    box.append(el('h2', {}, 'Quotations'));
    const ul = el('ul', { className: 'quotes-list' });
    for (const q of a.quotes) {
      const who = q.speaker
        ? navLink(withFilter({ view: 'quotes', filters: {} }, 'speaker', q.speaker, 'quotes'), q.speaker, {
          className: 'ent ent-speaker', title: 'All quotations of ' + q.speaker,
        })
        : el('span', { className: 'meta' }, '(unattributed)');
      ul.append(el('li', {}, el('blockquote', {}, '“' + String(q.text || '').trim() + '”'), '— ', who));
    }
    box.append(ul);
  }
  box.append(el('p', {}, el('a', { href: '#', className: 'back', dataset: { back: '' } }, '← Back to the results')));
  document.title = (a.title || 'article') + ' — newsdex';
}

async function render() {
  const gen = ++generation;
  const s = readState();
  $('q').value = s.q;
  $('view').value = s.view === 'quotes' ? 'quotes' : 'search';
  renderChips(s);
  if (s.view !== 'article') document.title = (s.q ? s.q + ' — ' : '') + 'newsdex';
  try {
    if (s.view === 'article') await renderArticle(s, gen);
    else await renderSearch(s, gen);
  } catch (e) {
    if (gen !== generation) return;
    clear('results', 'pager', 'timeline');
    setStatus(e.message, true);
  }
  // Which state the page shows, for scripts (and tests) that wait for it.
  if (gen === generation) document.body.dataset.rendered = location.search;
}

// ---- events ----

document.addEventListener('click', (ev) => {
  if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
  const back = ev.target.closest('a[data-back]');
  if (back) {
    ev.preventDefault();
    // Opened from a bookmark, there is nothing to go back to: the search page then.
    if (history.state && history.state.inPage) history.back();
    else go({ view: 'search', filters: {} });
    return;
  }
  const a = ev.target.closest('a[data-nav]');
  if (!a) return;
  ev.preventDefault();
  history.pushState({ inPage: true }, '', a.getAttribute('href'));
  render();
});

window.addEventListener('popstate', render);

document.addEventListener('keydown', (ev) => {
  const typing = ev.target instanceof HTMLInputElement || ev.target instanceof HTMLSelectElement;
  if (ev.key === '/' && !typing) {
    ev.preventDefault();
    $('q').focus();
  }
});

document.addEventListener('DOMContentLoaded', () => {
  $('search-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const s = readState();
    const n = clone(s);
    n.view = $('view').value;
    n.q = $('q').value.trim();
    n.offset = 0;
    if (s.view === 'article') n.filters = {};
    go(n);
  });
  $('view').addEventListener('change', () => $('search-form').requestSubmit());
  render();
});
