//! Unit tests of the recognizer: span splitting (`fragments`) and the tagger/rules merge.

use crate::extract::{extract_text, Entities, EntityType};

/// Every mention of a text's extraction: (as written, type).
fn mentions(text: &str) -> Vec<(String, EntityType)> {
    extract_text(text)
        .mentions
        .into_iter()
        .map(|m| (m.text, m.kind))
        .collect()
}

/// The types of the mentions written `name`, in text order.
fn kinds_of(e: &Entities, name: &str) -> Vec<EntityType> {
    e.mentions
        .iter()
        .filter(|m| m.text == name)
        .map(|m| m.kind)
        .collect()
}

mod fragment_tests {
    use super::super::fragments::fragments;
    use super::super::{Kind, Span};
    use crate::extract::gazetteer::Gazetteer;
    use crate::extract::{extract_text, tokenize::tokenize};

    /// `fragments` on one span over words `a..b` of `text`, tagged as `kind`.
    fn split(text: &str, a: usize, b: usize, kind: Kind) -> Vec<(String, Kind)> {
        let gaz = Gazetteer::global();
        let tokens = tokenize(text);
        let words: Vec<&str> = tokens.iter().map(|t| t.text(text)).collect();
        let s = Span {
            first: a,
            last: b,
            start: tokens[a].start,
            end: tokens[b - 1].end,
            kind,
            canonical: None,
            country: None,
            titled: false,
            tagged: Some(kind),
        };
        fragments(text, &tokens, &words, vec![s], gaz)
            .into_iter()
            .map(|s| (text[s.start..s.end].to_string(), s.kind))
            .collect()
    }

    #[test]
    fn party_and_state_is_the_state() {
        // "Sen. Joan Miller , R-Utah , voted …": words 5..6 are "R-Utah".
        let got = split("Sen. Joan Miller, R-Utah, voted no.", 4, 5, Kind::Org);
        assert_eq!(got, vec![("Utah".to_string(), Kind::Place)]);
    }

    #[test]
    fn a_headline_in_capitals_is_no_name() {
        let text = "GRAIN PRICES JUMP ON DROUGHT FEARS\n\nPrices rose.";
        assert!(split(text, 0, 6, Kind::Org).is_empty());
        // A known organization in capitals stays.
        let text = "INTERNATIONAL MONETARY FUND\n\nThe fund met.";
        assert_eq!(split(text, 0, 3, Kind::Org).len(), 1);
    }

    #[test]
    fn a_leading_date_is_trimmed() {
        let text = "WASHINGTON, Feb 3 - The Soviet Union bought maize.";
        // "Feb 3 - The Soviet Union" (words 2..8).
        let got = split(text, 2, 8, Kind::Org);
        assert_eq!(got[0].0, "The Soviet Union");
    }

    #[test]
    fn office_holders_inside_organizations_and_places() {
        let text = "Kestrel Mining Chairman Robert Ellison spoke.";
        assert_eq!(
            split(text, 0, 5, Kind::Org),
            vec![
                ("Kestrel Mining".to_string(), Kind::Org),
                ("Robert Ellison".to_string(), Kind::Person)
            ]
        );
        let text = "Harwood Metals Director spoke.";
        assert_eq!(
            split(text, 0, 3, Kind::Org),
            vec![("Harwood Metals".to_string(), Kind::Org)]
        );
        // The office word alone is dropped: "Parish" names no place.
        let text = "Parish President Lena Broussard spoke.";
        assert_eq!(
            split(text, 0, 4, Kind::Place),
            vec![("Lena Broussard".to_string(), Kind::Person)]
        );
        // A title that opens an organization's name is part of it.
        let text = "Royal Bank of Scotland shares fell.";
        assert_eq!(split(text, 0, 4, Kind::Org).len(), 1);
    }

    /// Wire and broadcast copy: names run together by the tagger.
    #[test]
    fn names_run_together_are_split() {
        let e = extract_text(
            "Wheat\n\nTrade official Ivan Petrov told Reuter the Soviet Union would buy more wheat. He told Sky News' Sunday Politics programme the deal was close. Chancellor of the Exchequer Gordon Hale told MPs he was pleased.",
        );
        assert!(e.orgs.iter().any(|o| o == "Sky News"), "{:?}", e.orgs);
        assert!(
            !e.orgs
                .iter()
                .any(|o| o.contains(" the ") || o.contains("Sunday")),
            "{:?}",
            e.orgs
        );
        assert!(
            e.people.iter().any(|p| p == "Gordon Hale"),
            "{:?}",
            e.people
        );
        assert!(
            !e.people.iter().any(|p| p.contains("Exchequer")),
            "{:?}",
            e.people
        );
        assert!(
            !e.orgs.iter().any(|o| o.contains("Exchequer")),
            "{:?}",
            e.orgs
        );
    }

    /// South Asian copy: honorifics and long offices before the name.
    #[test]
    fn honorifics_are_no_part_of_the_name() {
        let e = extract_text(
            "Bridge opened\n\nKarnataka Governor Shri P. Venkatesh opened the bridge on Monday. Smt. Lakshmi Rao, the district collector, thanked him.",
        );
        assert!(
            e.people.iter().any(|p| p == "P. Venkatesh"),
            "{:?}",
            e.people
        );
        assert!(
            !e.orgs.iter().any(|o| o.contains("Governor")),
            "{:?}",
            e.orgs
        );
        for v in e.people.iter().chain(&e.orgs).chain(&e.places) {
            assert!(!v.starts_with("Shri") && !v.starts_with("Smt"), "{v}");
        }
    }

    /// AP copy: "CITY (AP) —" is a dateline, and "(AP)" the credit.
    #[test]
    fn datelines_are_places_and_credits_no_organizations() {
        let e = extract_text(
            "Wildfire near Boulder\n\nDENVER (AP) — Firefighters battled a blaze near Boulder on Tuesday, the Colorado fire service said.",
        );
        assert!(e.orgs.is_empty(), "{:?}", e.orgs);
        assert!(
            e.places.iter().any(|p| p.starts_with("Denver")),
            "{:?}",
            e.places
        );
    }

    /// Sports copy: nationalities are no people.
    #[test]
    fn nationalities_are_no_people() {
        let e = extract_text(
            "Sprint final\n\n\"It was my best race,\" said the Canadian after the final. The Welshman finished fourth.",
        );
        assert!(e.people.is_empty(), "{:?}", e.people);
        let codes: Vec<&str> = e.countries.iter().map(|c| c.code.as_str()).collect();
        assert!(codes.contains(&"CA") && codes.contains(&"GB"), "{codes:?}");
    }

    /// Summit copy: institutions, campaign groups and trade rounds.
    #[test]
    fn institutions_and_campaign_groups_are_organizations() {
        let e = extract_text(
            "Arms talks\n\nThe White House said on Monday that talks with the Kremlin would resume. Oxfam and Save the Children urged G8 leaders to act before the Doha round collapses. Rosa Diaz became the first Latina to lead the union.",
        );
        for o in ["White House", "Kremlin", "Oxfam", "Save the Children", "G8"] {
            assert!(e.orgs.iter().any(|x| x == o), "{o} not in {:?}", e.orgs);
        }
        let codes: Vec<&str> = e.countries.iter().map(|c| c.code.as_str()).collect();
        assert_eq!(codes, vec!["RU", "US"]);
        assert!(e.places.is_empty(), "{:?}", e.places);
    }
}

mod merge_tests {
    use super::mentions;
    use crate::extract::{extract_text, EntityType};

    /// A rule span built across "of" does not swallow the tagger's person and company,
    /// nor run a company past its legal form into a place.
    #[test]
    fn a_rule_span_does_not_glue_a_person_or_a_place_to_a_company() {
        let got = mentions(
            "Rates\n\nRates will rise, said Maria Lindqvist of Barnett Banks Inc. on Tuesday. \
             Shares of Harrow Pharmaceuticals Inc of St. Petersburg rose 4 percent.\n",
        );
        for want in [
            ("Maria Lindqvist", EntityType::Person),
            ("Barnett Banks Inc.", EntityType::Org),
            ("Harrow Pharmaceuticals Inc", EntityType::Org),
            ("St. Petersburg", EntityType::Place),
        ] {
            assert!(
                got.contains(&(want.0.to_string(), want.1)),
                "{want:?} in {got:?}"
            );
        }
    }

    /// A wire headline in capitals is no organization because it holds a word like
    /// "league".
    #[test]
    fn an_organization_word_in_a_capitals_headline_names_nothing() {
        for text in [
            "ENGLISH LEAGUE STANDINGS AFTER SATURDAY\n\nLONDON 1996-08-24 - Standings after games.\n",
            "HOCKEY - NORTHERN LEAGUE STANDINGS AFTER FRIDAY\n\nOSLO 2024-03-02 - Standings after games.\n",
        ] {
            let orgs: Vec<String> = extract_text(text)
                .mentions
                .into_iter()
                .filter(|m| m.kind == EntityType::Org)
                .map(|m| m.text)
                .collect();
            assert!(
                orgs.iter().all(|o| !o.contains("STANDINGS")),
                "{orgs:?}"
            );
        }
    }

    /// A word that opens a sentence without opening the name ("So", "Despite",
    /// "Given") is cut off, and alone it names nothing; the surname then joins the one
    /// full name of the article and the quote goes to that person.
    #[test]
    fn a_sentence_opening_word_is_no_part_of_a_name() {
        let text = "Iowa vote\n\nSo Okafor went to Iowa on Tuesday. Despite Lindqvist \
                    winning the caucus, he was confident. Given Okafor's record, voters were \
                    wary. \"Look, we are going to win,\" Okafor said.\n\nSens Daniel \
                    Okafor and Petra Lindqvist voted against the bill. So did he.\n";
        let e = extract_text(text);
        let people = &e.people;
        assert!(people.contains(&"Daniel Okafor".to_string()), "{people:?}");
        for junk in [
            "So Okafor",
            "Despite Lindqvist",
            "Given Okafor",
            "So",
            "Look",
        ] {
            assert!(
                e.mentions.iter().all(|m| m.canonical != junk),
                "{junk} in {:?}",
                e.mentions
            );
        }
        assert_eq!(e.speakers, vec!["Daniel Okafor".to_string()]);
        // Acronyms that spell a function word stay names.
        let us = mentions("Trade\n\nThe US and WHO officials met in Geneva on Monday.\n");
        assert!(us.iter().any(|m| m.0 == "US"), "{us:?}");
        assert!(us.iter().any(|m| m.0 == "WHO"), "{us:?}");
    }

    /// A byline is no place ("By Staff Writer"), and a month behind a sentence-opening
    /// word is no person ("Since December").
    #[test]
    fn bylines_and_months_are_no_entities() {
        let got = mentions(
            "Budget talks\n\nBy Staff Writer\n\nSince December, Mayor Ana Ruiz has met \
             the council in Denver every week.\n",
        );
        assert!(got.iter().all(|m| !m.0.contains("Staff")), "{got:?}");
        assert!(got.iter().all(|m| m.0 != "December"), "{got:?}");
        assert!(
            got.contains(&("Ana Ruiz".to_string(), EntityType::Person)),
            "{got:?}"
        );
    }

    /// Bylines, photo credits, hat tips, wire credits and links to other stories name
    /// the article's makers or another story, not what the article is about.
    #[test]
    fn credit_and_link_lines_name_no_entities() {
        let text = "Water deal\n\nBy Caleb Rourke, Washington Correspondent\n\n\
                    PHOENIX - Governor Ana Ruiz signed the water deal on Monday.\n\n\
                    (AP Photo/Eric Lindgren)\n\n\
                    Photo: Marisa Kent via Getty Images\n\n\
                    READ MORE: Nevada Officials Ask Congress For Drought Money\n\n\
                    h/t The Daily Caller\n\n\
                    (Reporting by Tomas Berglund; Editing by Petra Lindqvist)\n\n\
                    By court reporter Emma Kowalczyk\n";
        let got = mentions(text);
        assert!(
            got.contains(&("Ana Ruiz".to_string(), EntityType::Person)),
            "{got:?}"
        );
        for junk in [
            "Caleb Rourke",
            "Eric Lindgren",
            "Marisa Kent",
            "Getty Images",
            "AP",
            "Nevada",
            "Daily Caller",
            "Tomas Berglund",
            "Petra Lindqvist",
            "Emma Kowalczyk",
        ] {
            assert!(got.iter().all(|m| !m.0.contains(junk)), "{junk} in {got:?}");
        }
        // A paragraph that opens with "By" is no byline.
        for p in [
            "Rally\n\nBy Tuesday, Governor Ana Ruiz had signed the deal in Phoenix.\n",
            "Rally\n\nBy the time Governor Ana Ruiz arrived in Phoenix, the deal was done.\n",
        ] {
            let para = mentions(p);
            assert!(
                para.contains(&("Ana Ruiz".to_string(), EntityType::Person)),
                "{para:?}"
            );
        }
    }

    /// A live blog's furniture names nothing: time zones after a time, "Updated" lines.
    #[test]
    fn live_blog_times_and_updates_are_no_entities() {
        let text = "Summit live\n\nUpdated 14:05\n\n10:42 CET\n\n\
                    Leaders arrived in Brussels for the summit, Chancellor Lena Vogt said.\n\n\
                    09:15 EST\n\nMarkets opened lower in New York.\n";
        let got = mentions(text);
        for junk in ["Updated", "CET", "EST"] {
            assert!(got.iter().all(|m| m.0 != junk), "{junk} in {got:?}");
        }
        for place in ["Brussels", "New York"] {
            assert!(got.iter().any(|m| m.0 == place), "{place} in {got:?}");
        }
    }

    /// Bylines with several authors and particles, credits in markdown emphasis, and
    /// the credit at the end of a caption name the article's makers; the caption's own
    /// words still name what the picture shows.
    #[test]
    fn bylines_of_several_authors_and_caption_credits_name_no_entities() {
        let text = "Harbour deal\n\n\
                    By Marta Oliveira da Silva and Pieter van der Molen in Lisbon\n\n\
                    Live blog by Ines Kowalska and Joost Verbeek\n\n\
                    LISBON - Mayor Rui Tavares Lobo signed the harbour deal with Governor \
                    Ana Ruiz on Monday.\n\n\
                    *Rui Tavares Lobo at the harbour in Lisbon. Photograph: Henrike Olsen-Ward*\n\n\
                    Dockers march in Setubal on Sunday. \u{a9} Lucien Marchetti-Roy, AFP\n\n\
                    Cranes at the port of Sines. REUTERS/Bram Okonkwo-Hale\n\n\
                    Photo: Ana Ruiz tours the docks in Porto. (Staff photo: Ewan Tolland)\n\n\
                    PICTURE: Ana Ruiz leaves the town hall in Faro yesterday\n\n\
                    Polls by CNN/ORC put the deal ahead. [Reuters/Ipsos, Gallup]\n\n\
                    Edited by: Greta Holmqvist-Baird\n\n\
                    *Additional reporting by Nuno Ferraz-Abreu*\n";
        let got = mentions(text);
        for name in ["Ana Ruiz", "Rui Tavares Lobo"] {
            assert!(
                got.contains(&(name.to_string(), EntityType::Person)),
                "{name} in {got:?}"
            );
        }
        for credit in [
            "Marta Oliveira da Silva",
            "Pieter van der Molen",
            "Ines Kowalska",
            "Joost Verbeek",
            "Henrike Olsen-Ward",
            "Lucien Marchetti-Roy",
            "Bram Okonkwo-Hale",
            "Ewan Tolland",
            "Greta Holmqvist-Baird",
            "Nuno Ferraz-Abreu",
        ] {
            assert!(
                got.iter().all(|m| !m.0.contains(credit)),
                "{credit} in {got:?}"
            );
        }
        // What the pictures show, and the sources of a poll, are still found.
        for place in ["Porto", "Faro", "Setubal", "Sines"] {
            assert!(got.iter().any(|m| m.0 == place), "{place} in {got:?}");
        }
        assert!(got.iter().any(|m| m.0 == "CNN"), "CNN in {got:?}");
    }

    /// A politician's party-and-state tag names the state, in brackets or between
    /// commas, spelled out or abbreviated AP-style.
    #[test]
    fn a_party_and_state_tag_names_the_state() {
        let e = extract_text(
            "Farm bill\n\nRep. Dale Whitaker (R-Ind.) said on Friday that the bill was dead. \
             Sen. Ana Ruiz (D-Minn.) disagreed, and Sen. Joan Miller, R-Utah, voted no.\n",
        );
        for state in ["Indiana", "Minnesota", "Utah"] {
            assert!(
                e.places.contains(&format!("{state}, United States")),
                "{state}: {:?}",
                e.places
            );
        }
        assert!(
            e.people.contains(&"Dale Whitaker".to_string()),
            "{:?}",
            e.people
        );
    }

    /// A run of capitals in a title-case headline that the article never repeats is no
    /// name; a line of a list of names is no headline.
    #[test]
    fn a_title_case_headline_needs_the_body_to_show_a_name() {
        let text = "Wages debate\n\nRelated: GOP Candidates Resoundingly Reject The Idea \
                    Of A Minimum Wage Hike.\n\nDaniel Okafor spoke in Des Moines on Monday \
                    about wages. Petra Lindqvist did not reply.\n";
        let got = mentions(text);
        assert!(got.iter().all(|m| !m.0.contains("Minimum Wage")), "{got:?}");
        assert!(
            got.contains(&("Daniel Okafor".to_string(), EntityType::Person)),
            "{got:?}"
        );
        let list = mentions(
            "Squad\n\nThe squad named on Friday:\n\nPetra Lindqvist , Ana Ruiz , \
             Tomas Berglund , Ivo Marek\n",
        );
        assert!(
            list.contains(&("Tomas Berglund".to_string(), EntityType::Person)),
            "{list:?}"
        );
    }

    /// "Shares of X Inc" after a dateline: the common word and "of" are no part of the
    /// company's name.
    #[test]
    fn a_common_word_and_of_do_not_open_a_company_name() {
        let got = mentions(
            "Harrow falls\n\nSAN JOSE, California (Business desk) - Shares of Harrow \
             Semiconductor Inc fell 9 percent on Tuesday. Its shares had doubled this year.\n",
        );
        assert!(
            got.contains(&("Harrow Semiconductor Inc".to_string(), EntityType::Org)),
            "{got:?}"
        );
        assert!(got.iter().all(|m| !m.0.starts_with("Shares")), "{got:?}");
    }

    /// One word before "and" shares the name after it.
    #[test]
    fn a_rule_span_still_joins_one_name_the_tagger_split() {
        let got = mentions(
            "Ferries\n\nRavi Menon, head of port operations at the Maritime and Port \
             Authority of Singapore, visited Bergen this week.\n",
        );
        assert!(
            got.contains(&(
                "Maritime and Port Authority of Singapore".to_string(),
                EntityType::Org
            )),
            "{got:?}"
        );
    }
}

mod table_tests {
    use super::mentions;
    use crate::extract::{extract_text, EntityType};

    /// The names on a results page's score and standings lines are teams: a club the
    /// tagger did not know ("Saracens"), a town ("Leicester" is the club, not the place).
    #[test]
    fn the_names_on_results_lines_are_teams() {
        let text = "RUGBY UNION - PREMIERSHIP RESULTS\n\nLONDON 2024-03-02 - Results of \
                    Premiership matches on Saturday:\nSale 31 Wasps 33\nSaracens 25 Leicester \
                    23\nHarlequins 40 Gloucester 19\nBath 22 Northampton 20\n\nLeague table \
                    (played, won, drawn, lost, points):\nSaracens 14 11 0 3 52\nBath 14 10 1 3 \
                    49\nWasps 14 9 0 5 44\n";
        let got = mentions(text);
        for team in [
            "Sale",
            "Wasps",
            "Saracens",
            "Leicester",
            "Harlequins",
            "Gloucester",
        ] {
            assert!(
                got.contains(&(team.to_string(), EntityType::Org)),
                "{team} in {got:?}"
            );
        }
        let e = extract_text(text);
        assert!(e.orgs.contains(&"Leicester".to_string()), "{:?}", e.orgs);
        assert!(
            !e.places.iter().any(|p| p.starts_with("Leicester")),
            "{:?}",
            e.places
        );
    }

    /// Players' full names on the same shape of line stay people, national teams stay
    /// their countries, and lines of months or of decimal figures name no team.
    #[test]
    fn players_countries_months_and_figures_are_no_teams() {
        let text = "SNOOKER AND SOCCER\n\nSHEFFIELD 2024-03-02 - Results on Saturday:\n\
                    Stephen Hendry 5 Ken Doherty 3\nJohn Parrott 5 Alan McManus 4\nGermany 2 \
                    Armenia 0\nPortugal 1 Ireland 0\nCeltic 3 Rangers 1\n\nSales 9.06 9.31 \
                    8.42\nJuly 96 June 96 July 95\n";
        let got = mentions(text);
        for person in [
            "Stephen Hendry",
            "Ken Doherty",
            "John Parrott",
            "Alan McManus",
        ] {
            assert!(
                got.contains(&(person.to_string(), EntityType::Person)),
                "{got:?}"
            );
        }
        for country in ["Germany", "Armenia", "Portugal", "Ireland"] {
            assert!(
                got.contains(&(country.to_string(), EntityType::Place)),
                "{got:?}"
            );
        }
        for team in ["Celtic", "Rangers"] {
            assert!(
                got.contains(&(team.to_string(), EntityType::Org)),
                "{got:?}"
            );
        }
        assert!(
            !got.iter()
                .any(|(t, _)| ["Sales", "July", "June"].contains(&t.as_str())),
            "{got:?}"
        );
    }
}

mod entrant_tests {
    use crate::extract::{extract_text, EntityType};

    /// In a results list, the name after an entrant and their country in brackets is
    /// their team; a relay's next runner is a runner.
    #[test]
    fn the_name_after_an_entrant_and_country_is_the_team() {
        let text = "MOTOR RACING - QUALIFYING\n\nTORONTO 2024-07-13\nLeading qualifiers \
                    (driver, country, chassis and engine, lap time):\n1. Marco Bellandi \
                    (Italy), Reynard Honda, 58.112\n2. Tom Kessler (U.S.), Lola Ford Cosworth, \
                    58.230\n3. Ray Dufour (Canada), Penske Mercedes-Benz, 58.301\n\nMen's \
                    4x100 relay\n1. Kwame Addo (Ghana), Peter Lind (Sweden), Jon\nEsteban \
                    (Spain), Mark Hale (Britain) 38.91\n";
        let e = extract_text(text);
        let kind = |t: &str| e.mentions.iter().find(|m| m.text == t).map(|m| m.kind);
        for team in [
            "Reynard Honda",
            "Lola Ford Cosworth",
            "Penske Mercedes-Benz",
        ] {
            assert_eq!(
                kind(team),
                Some(EntityType::Org),
                "{team}: {:?}",
                e.mentions
            );
        }
        for runner in ["Kwame Addo", "Peter Lind", "Mark Hale"] {
            assert_eq!(
                kind(runner),
                Some(EntityType::Person),
                "{runner}: {:?}",
                e.mentions
            );
        }
    }
}

mod legal_form_tests {
    use crate::extract::{extract_text, EntityType};

    /// A company's legal form or an organization word at the end of a name the tagger
    /// read as a person makes it an organization, as a facet and as a mention.
    #[test]
    fn a_legal_form_or_organization_word_ends_no_persons_name() {
        let text = "Chemical plant in China\n\nBEIJING 2024-05-14\nThe Dow Chemical Co of the \
                    United States will build a $4 billion ethylene plant in Tianjin, a company \
                    official said.\nThe ships were ready, said Erin Purcell of Boston-based \
                    Reagan Communications.\n";
        let e = extract_text(text);
        for org in ["Dow Chemical Co", "Reagan Communications"] {
            assert!(e.orgs.contains(&org.to_string()), "{:?}", e.orgs);
            assert!(
                e.mentions
                    .iter()
                    .any(|m| m.text == org && m.kind == EntityType::Org),
                "{:?}",
                e.mentions
            );
        }
        assert_eq!(e.people, vec!["Erin Purcell".to_string()]);
    }
}

mod headline_join_tests {
    use super::kinds_of;
    use crate::extract::{extract_text, EntityType};

    /// A word of the body does not stand for a chunk of a headline in capitals: no
    /// organization "ENGLISH LEAGUE STANDINGS" from "English league standings after".
    #[test]
    fn a_body_word_does_not_join_a_capitals_headline() {
        let text = "SOCCER - ENGLISH LEAGUE STANDINGS\n\nLONDON 2024-03-02\nEnglish league \
                    standings after Saturday's matches:\nStoke 5 4 1 0 13\nBarnsley 5 3 1 1 \
                    10\nNorwich 5 3 0 2 9\n";
        let e = extract_text(text);
        assert!(
            e.orgs.iter().all(|o| !o.contains("STANDINGS")),
            "{:?}",
            e.orgs
        );
    }

    /// "Scottish" and "Welsh" alone are nationalities (the United Kingdom), not the
    /// Scottish party the article names.
    #[test]
    fn scottish_alone_is_a_nationality_not_the_party() {
        let text = "Labour row\n\nSTIRLING, 2024-03-02 - The Scottish Labour Party backed \
                    the plan on Saturday. The party's Scottish executive voted 21-18 in favour \
                    of the union of the Scottish and Welsh assemblies.\n";
        let e = extract_text(text);
        let scottish = kinds_of(&e, "Scottish");
        assert_eq!(
            scottish,
            vec![EntityType::CountryRef; 2],
            "{:?}",
            e.mentions
        );
        assert!(e.countries.iter().any(|c| c.code == "GB"));
    }
}

mod stat_tests {
    use crate::extract::extract_text;

    /// "RBI" after a number is a baseball statistic, not the Reserve Bank of India;
    /// the bank's acronym elsewhere is still the bank.
    #[test]
    fn runs_batted_in_are_no_bank() {
        let e = extract_text(
            "Rangers win\n\nARLINGTON, Texas 2024-08-31 - Juan Ortega homered twice and his \
             121 RBI broke the team record. Dan Tartell added two hits and three RBI.\n",
        );
        assert!(e.orgs.is_empty(), "{:?}", e.orgs);
        let e = extract_text(
            "Rates\n\nMUMBAI, 2024-08-31 - The RBI raised its repo rate by 25 basis points on \
             Friday.\n",
        );
        assert_eq!(e.orgs, vec!["Reserve Bank of India".to_string()]);
    }
}

mod short_name_tests {
    use super::kinds_of;
    use crate::extract::{extract_text, EntityType};

    /// A company named with its legal form ("Ruch SA") is the same company when the
    /// article then writes its short name, whether the tagger missed it or read it as
    /// a person; the short name inside a person's name stays the person's.
    #[test]
    fn a_companys_short_name_is_the_company() {
        let text = "Polish group to bid for Ruch\n\nWARSAW 2024-08-31\nA consortium plans to \
                    bid for the state-owned press distributor Ruch SA, a daily said on \
                    Saturday.\nThe paper said Ruch would be sold by the end of the year. Ruch \
                    has 3,000 kiosks.\n";
        let e = extract_text(text);
        let ruch = kinds_of(&e, "Ruch");
        assert_eq!(ruch, vec![EntityType::Org; 3], "{:?}", e.mentions);
        assert_eq!(e.orgs, vec!["Ruch SA".to_string()]);
        let e = extract_text(
            "Deal\n\nWARSAW 2024-08-31\nThe buyer of Ruch SA is a fund run by Anna Ruch, \
             the daily said.\n",
        );
        assert!(
            e.people.contains(&"Anna Ruch".to_string()),
            "{:?}",
            e.people
        );
    }
}

mod described_tests {
    use super::kinds_of;
    use crate::extract::{extract_text, EntityType};

    /// A name the article calls a newspaper is an organization at every mention.
    #[test]
    fn a_name_called_a_newspaper_is_an_organization() {
        let text = "Asylum\n\nBONN 2024-08-30\nThe diplomat confirmed a report in the news \
                    weekly Der Spiegel on Friday. He told Der Spiegel he would not ask for \
                    safe conduct.\n";
        let e = extract_text(text);
        let kinds = kinds_of(&e, "Der Spiegel");
        assert_eq!(kinds, vec![EntityType::Org; 2], "{:?}", e.mentions);
        assert!(e.people.is_empty(), "{:?}", e.people);
    }
}

mod acronym_definition_tests {
    use crate::extract::extract_text;

    /// A party in brackets after a councillor's name is no acronym of the name: no
    /// organization "Cllr Aine Mulroy".
    #[test]
    fn a_party_after_a_name_defines_no_acronym() {
        let e = extract_text(
            "Flood plan\n\nCathaoirleach of the municipal district, Cllr Aine Mulroy (FG), \
             said the news would be \"devastating\" for traders.\n\nCllr Sean Gaughan (FF) \
             asked whether barriers could be put in place.\n",
        );
        assert!(e.orgs.iter().all(|o| !o.contains("Cllr")), "{:?}", e.orgs);
        assert!(
            e.people.contains(&"Aine Mulroy".to_string()),
            "{:?}",
            e.people
        );
        // A real definition still joins: the acronym starts one of the name's words.
        let e = extract_text(
            "Wages\n\nThe Bangladesh Garment Manufacturers and Exporters Association (BGMEA) \
             met on Monday. BGMEA said wages would rise.\n",
        );
        assert_eq!(
            e.orgs,
            vec!["Bangladesh Garment Manufacturers and Exporters Association".to_string()]
        );
    }
}
