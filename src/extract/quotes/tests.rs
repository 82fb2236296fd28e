//! Unit tests of quotation finding and attribution.

use super::*;

/// People and organizations given as (token index range, name) over `tokenize`d text.
struct Mock(
    Vec<(usize, usize, &'static str)>,
    Vec<(usize, usize, &'static str)>,
);

impl Mock {
    fn with_orgs(mut self, orgs: Vec<(usize, usize, &'static str)>) -> Self {
        self.1 = orgs;
        self
    }
}

impl People for Mock {
    fn org_at(&self, i: usize) -> Option<&str> {
        self.1
            .iter()
            .find(|(a, b, _)| *a <= i && i < *b)
            .map(|p| p.2)
    }
    fn person_at(&self, i: usize) -> Option<&str> {
        self.0
            .iter()
            .find(|(a, b, _)| *a <= i && i < *b)
            .map(|p| p.2)
    }
}

/// The (first token, end token, canonical) spans of `list`'s written names in `text`.
fn spans_of(
    text: &str,
    tokens: &[crate::extract::tokenize::Token],
    list: &[(&str, &'static str)],
) -> Vec<(usize, usize, &'static str)> {
    let mut out = Vec::new();
    for &(written, canonical) in list {
        let n = written.split(' ').count();
        for i in 0..tokens.len() {
            if i + n <= tokens.len()
                && (0..n).all(|j| Some(tokens[i + j].text(text)) == written.split(' ').nth(j))
            {
                out.push((i, i + n, canonical));
            }
        }
    }
    out.sort();
    out
}

fn run(text: &str, names: &[(&str, &'static str)]) -> Vec<(String, Option<String>)> {
    run_orgs(text, names, &[])
}

fn run_orgs(
    text: &str,
    names: &[(&str, &'static str)],
    orgs: &[(&str, &'static str)],
) -> Vec<(String, Option<String>)> {
    run_all_orgs(text, names, orgs)
        .into_iter()
        .filter(|q| !q.2)
        .map(|(t, s, _)| (t, s))
        .collect()
}

fn speakers(q: &[(String, Option<String>)]) -> Vec<Option<&str>> {
    q.iter().map(|(_, s)| s.as_deref()).collect()
}

#[test]
fn pronoun_takes_the_subject_of_the_previous_sentence() {
    // British style: the object of the previous sentence is nearer, but "he" is its
    // subject.
    let t = "T\n\nMr Gordon Hale said he would travel to Moscow to meet President Viktor Orlov.\n\n\"We have a great deal to talk about,\" he said.";
    let q = run(
        t,
        &[
            ("Gordon Hale", "Gordon Hale"),
            ("Viktor Orlov", "Viktor Orlov"),
        ],
    );
    assert_eq!(speakers(&q), vec![Some("Gordon Hale")]);
}

#[test]
fn a_pronoun_subject_carries_the_earlier_subject() {
    // "He added that …" is about the man named before it, not about the people it
    // names further on; so is a sentence whose report is ", he said,".
    let t = "T\n\nGordon Hale, a party veteran, said he had recovered. He added that Mary Stone would meet Victor Orlov at the debates.\n\n\"We will be ready,\" he said.\n\nThough the talks were short, he said, the plan had support from Peter Crane. That is why, he argued, the party should act.\n\n\"This is a different time,\" he said.";
    let q = run(
        t,
        &[
            ("Gordon Hale", "Gordon Hale"),
            ("Mary Stone", "Mary Stone"),
            ("Victor Orlov", "Victor Orlov"),
            ("Peter Crane", "Peter Crane"),
        ],
    );
    assert_eq!(speakers(&q), vec![Some("Gordon Hale"), Some("Gordon Hale")]);
}

#[test]
fn a_pronoun_subject_of_the_other_sex_leaves_the_names() {
    // "She added …" says nothing of who "he" is: the man named in that sentence.
    let t = "T\n\nMary Stone spoke first. She added that Victor Orlov would reply.\n\n\"We will be ready,\" he said.";
    let q = run(
        t,
        &[
            ("Mary Stone", "Mary Stone"),
            ("Victor Orlov", "Victor Orlov"),
        ],
    );
    assert_eq!(speakers(&q), vec![Some("Victor Orlov")]);
}

#[test]
fn she_never_goes_to_a_man() {
    // "Mr Brown" has no first name; his title says he is a man.
    let t = "T\n\nThe Home Secretary, Ruth Ellery, met Mr Brown at Downing Street on Monday.\n\n\"The talks were frank and useful,\" she said.";
    let q = run(t, &[("Ruth Ellery", "Ruth Ellery"), ("Brown", "Brown")]);
    assert_eq!(speakers(&q), vec![Some("Ruth Ellery")]);
    // Nobody fits: no speaker rather than a man's name.
    let t =
        "T\n\nMr Brown met the unions on Monday.\n\n\"The talks were frank and useful,\" she said.";
    let q = run(t, &[("Brown", "Brown")]);
    assert_eq!(speakers(&q), vec![None]);
}

#[test]
fn role_noun_goes_to_the_person_with_that_title() {
    let t = "T\n\nForeign Secretary Alan Pryce flew to Brussels on Tuesday. He met Mr Dominic Varley and the Belgian premier, Luc Peeters, over dinner.\n\n\"Europe must speak with one voice,\" the foreign secretary said.";
    let q = run(
        t,
        &[
            ("Alan Pryce", "Alan Pryce"),
            ("Dominic Varley", "Dominic Varley"),
            ("Luc Peeters", "Luc Peeters"),
        ],
    );
    assert_eq!(speakers(&q), vec![Some("Alan Pryce")]);
    // Title after the name, AP style.
    let t = "T\n\nMaria Olsen, the prime minister, arrived late. Tom Reyes greeted her.\n\n\"We were stuck in traffic for an hour,\" the prime minister said.";
    let q = run(
        t,
        &[("Maria Olsen", "Maria Olsen"), ("Tom Reyes", "Tom Reyes")],
    );
    assert_eq!(speakers(&q), vec![Some("Maria Olsen")]);
}

#[test]
fn the_striker_is_a_player_not_a_club() {
    let t = "T\n\nStriker Dean Mowbray scored twice as Leeds United beat Hull City 3-1 at Elland Road. Manager Colin Ash watched from the stands.\n\n\"It was the best night of my career,\" the striker said.";
    let q = run_orgs(
        t,
        &[("Dean Mowbray", "Dean Mowbray"), ("Colin Ash", "Colin Ash")],
        &[("Leeds United", "Leeds United"), ("Hull City", "Hull City")],
    );
    assert_eq!(speakers(&q), vec![Some("Dean Mowbray")]);
}

#[test]
fn a_role_then_a_name_in_apposition_is_that_person() {
    let t = "T\n\nNewcastle beat Chelsea 2-1 on Saturday.\n\n\"We deserved the win and the fans were brilliant,\" said the striker, Alan Shearer.\n\n\"It was a great afternoon,\" said the club's chairman, who asked not to be named.";
    let q = run(t, &[("Alan Shearer", "Alan Shearer")]);
    assert_eq!(speakers(&q), vec![Some("Alan Shearer"), None]);
    // A name the recognizer missed is still taken, whole.
    let t = "T\n\n\"Prices will keep rising until the autumn,\" said the central bank's governor, Ines Marchetti.";
    let q = run(t, &[]);
    assert_eq!(speakers(&q), vec![Some("Ines Marchetti")]);
}

#[test]
fn the_company_is_the_company_in_focus() {
    let t = "T\n\nHoshino Motors cut its profit forecast on Thursday after Sara Lind, an analyst at Nomura, warned of weak demand.\n\n\"Demand in Europe has been softer than we expected,\" the company said in a statement.";
    let q = run_orgs(
        t,
        &[("Sara Lind", "Sara Lind")],
        &[("Hoshino Motors", "Hoshino Motors"), ("Nomura", "Nomura")],
    );
    assert_eq!(speakers(&q), vec![Some("Hoshino Motors")]);
}

#[test]
fn an_organization_speaks_only_when_the_text_says_so() {
    // The club is named, but "the 29-year-old" is a person: the subject before.
    let t = "T\n\nDean Mowbray signed a new contract with Leeds United on Friday.\n\n\"I never wanted to leave this place,\" the 29-year-old said.";
    let q = run_orgs(
        t,
        &[("Dean Mowbray", "Dean Mowbray")],
        &[("Leeds United", "Leeds United")],
    );
    assert_eq!(speakers(&q), vec![Some("Dean Mowbray")]);
}

#[test]
fn told_names_the_speaker_first() {
    let t = "T\n\nMr Gordon Hale told Jeremy Vane: \"We will not raise taxes in this parliament.\"";
    let q = run(
        t,
        &[
            ("Gordon Hale", "Gordon Hale"),
            ("Jeremy Vane", "Jeremy Vane"),
        ],
    );
    assert_eq!(speakers(&q), vec![Some("Gordon Hale")]);
    let t = "T\n\nMr Gordon Hale told Sky News' Sunday programme with Jeremy Vane: \"We will not raise taxes in this parliament.\"";
    let q = run(
        t,
        &[
            ("Gordon Hale", "Gordon Hale"),
            ("Jeremy Vane", "Jeremy Vane"),
        ],
    );
    assert_eq!(speakers(&q), vec![Some("Gordon Hale")]);
}

#[test]
fn according_to_x_then_z_said_is_z() {
    let t =
        "T\n\nAccording to Nadia Perez, Omar Shah said: \"The vote will be delayed until spring.\"";
    let q = run(
        t,
        &[("Nadia Perez", "Nadia Perez"), ("Omar Shah", "Omar Shah")],
    );
    assert_eq!(speakers(&q), vec![Some("Omar Shah")]);
}

#[test]
fn quote_over_paragraphs_keeps_its_speaker_in_both_layouts() {
    for sep in [" ", "\n\n"] {
        let t = format!("T\n\nOmar Shah said: \"The vote will be delayed until spring.{sep}\"We need more time to count every ballot properly.{sep}\"Nobody wants a rushed result.\"\n\nAnalysts agreed.");
        let q = run(&t, &[("Omar Shah", "Omar Shah")]);
        assert!(!q.is_empty(), "{sep:?}");
        assert!(
            q.iter().all(|(_, s)| s.as_deref() == Some("Omar Shah")),
            "{q:?}"
        );
        let all: String = q.iter().map(|(c, _)| c.as_str()).collect();
        assert!(
            all.contains("count every ballot") && all.contains("Nobody wants"),
            "{q:?}"
        );
    }
}

#[test]
fn no_speaker_rather_than_a_guess() {
    let t = "T\n\nThe talks in Geneva ended without agreement, and Anna Berg flew home.\n\n\"Nobody is leaving this room happy tonight,\" a diplomat said.";
    let q = run(t, &[("Anna Berg", "Anna Berg")]);
    assert_eq!(speakers(&q), vec![None]);
}

/// All quotes, partial ones included: (text, speaker, partial).
fn run_all(text: &str, names: &[(&str, &'static str)]) -> Vec<(String, Option<String>, bool)> {
    run_all_orgs(text, names, &[])
}

/// All quotes of `text` with these people and organizations: (text, speaker, partial).
fn run_all_orgs(
    text: &str,
    names: &[(&str, &'static str)],
    orgs: &[(&str, &'static str)],
) -> Vec<(String, Option<String>, bool)> {
    let tokens = crate::extract::tokenize::tokenize(text);
    let mock =
        Mock(spans_of(text, &tokens, names), Vec::new()).with_orgs(spans_of(text, &tokens, orgs));
    find_quotes(text, &tokens, &mock)
        .into_iter()
        .map(|q| (text[q.start..q.end].to_string(), q.speaker, q.partial))
        .collect()
}

#[test]
fn partial_quotation_names_its_speaker_but_is_no_quotation() {
    let t = "T\n\nAt a rally in Leeds, Mr Gordon Hale called the budget \"a betrayal of working families\" and left.";
    let q = run_all(t, &[("Gordon Hale", "Gordon Hale")]);
    assert_eq!(
        q,
        vec![(
            "a betrayal of working families".to_string(),
            Some("Gordon Hale".to_string()),
            true
        )]
    );
    // A scare quote with no one using the words: nothing.
    let t = "T\n\nThe so-called \"peace dividend\" never arrived, Gordon Hale's aides admit.";
    assert!(run_all(t, &[("Gordon Hale", "Gordon Hale")]).is_empty());
}

#[test]
fn relative_clause_verb_is_not_the_main_verb() {
    let t = "T\n\nOmar Shah was defensive about a builder who said he was never paid, saying, \"Maybe he did not do a good job.\"";
    let q = run(t, &[("Omar Shah", "Omar Shah")]);
    assert_eq!(speakers(&q), vec![Some("Omar Shah")]);
}

#[test]
fn a_speech_verb_after_a_determiner_is_a_noun() {
    let t = "T\n\n\"It is an invasion of our regulatory domain,\" Nadia Perez, the attorney general of one of the states suing, said on Monday.";
    let q = run(t, &[("Nadia Perez", "Nadia Perez")]);
    assert_eq!(speakers(&q), vec![Some("Nadia Perez")]);
}

#[test]
fn scare_quotes_and_titles_are_not_quotes() {
    let t = "T\n\nGreen called the plan a “total disaster” on Monday. He spoke on ABC’s “This Week With George Stephanopoulos.”";
    assert!(run(t, &[("Green", "Mia Green")]).is_empty());
}

#[test]
fn pronoun_takes_the_last_person_of_its_sex() {
    let t = "T\n\nMary Stone met John Reed in Ohio.\n\n“We agreed on nothing at all,” she said.";
    let q = run(
        t,
        &[("Mary Stone", "Mary Stone"), ("John Reed", "John Reed")],
    );
    assert_eq!(q[0].1.as_deref(), Some("Mary Stone"));
}

#[test]
fn unknown_names_and_second_sentences() {
    let t = "T\n\n“The numbers just do not add up,” Priebus said. “We will see in June.”\n\nLater, Trump met donors.";
    let q = run(t, &[("Trump", "Donald Trump")]);
    assert_eq!(q.len(), 2);
    assert!(
        q.iter().all(|(_, s)| s.as_deref() == Some("Priebus")),
        "{q:?}"
    );
}

#[test]
fn appositive_and_dash_attribution() {
    let t = "T\n\n“It is a start,” Lars Vinter, the deputy head of the NATO mission in Riga, said on Monday.\n“Vote for anyone but him, please.” ― Ana Ruiz\n";
    let q = run(t, &[("Lars Vinter", "Lars Vinter")]);
    assert_eq!(q[0].1.as_deref(), Some("Lars Vinter"));
    assert_eq!(q[1].1.as_deref(), Some("Ana Ruiz"));
}

#[test]
fn participle_takes_the_main_subject() {
    let t = "T\n\nRepublicans were quick to respond, with Tom Hill tweeting that it was a disaster for Jane Wu and asking, “How can she be our next president?”";
    let q = run(t, &[("Tom Hill", "Tom Hill"), ("Jane Wu", "Jane Wu")]);
    assert_eq!(q[0].1.as_deref(), Some("Tom Hill"));
}

#[test]
fn a_demonym_is_the_person_of_that_country() {
    // Introduced with the country's possessive.
    let t = "T\n\nSweden's Erik Lund beat Spain's Pablo Ortega in four sets on Sunday. Ortega, 23, was gracious in defeat. \"He returned everything I hit,\" said the Spaniard.";
    let q = run(
        t,
        &[
            ("Erik Lund", "Erik Lund"),
            ("Pablo Ortega", "Pablo Ortega"),
            ("Ortega", "Pablo Ortega"),
        ],
    );
    assert_eq!(speakers(&q), vec![Some("Pablo Ortega")]);
    // Nobody introduced with it: the subject, but never someone of another country.
    let t = "T\n\nScotland coach Ian Baird said his side had been brave. \"We ran out of legs,\" the New Zealander said.";
    let q = run(t, &[("Ian Baird", "Ian Baird")]);
    assert_eq!(speakers(&q), vec![Some("Ian Baird")]);
    let t = "T\n\nCzech coach Jan Dvorak said his side had been slow. \"We deserved nothing from this game,\" said the Ghanaian.";
    let q = run(t, &[("Jan Dvorak", "Jan Dvorak")]);
    assert_eq!(speakers(&q), vec![None]);
}

#[test]
fn an_unnamed_speaker_after_a_capitalized_adjective_is_nobody() {
    let t = "T\n\nPrime Minister Ante Babic said the plan would pass. \"The centre proposes and the regions dispose,\" said one Western diplomat.";
    let q = run(t, &[("Ante Babic", "Ante Babic")]);
    assert_eq!(speakers(&q), vec![None]);
}

#[test]
fn a_role_before_a_comma_and_the_name_is_that_persons() {
    let t = "T\n\nBelgian coach Luc Maes admitted his side had been second best. Morocco's French coach, Henri Caron, said he was proud. \"Nobody gave us a chance,\" the coach said.";
    let q = run(
        t,
        &[("Luc Maes", "Luc Maes"), ("Henri Caron", "Henri Caron")],
    );
    assert_eq!(speakers(&q), vec![Some("Henri Caron")]);
}

#[test]
fn a_name_after_a_countrys_possessive_is_the_subject() {
    let t = "T\n\nBritain's Ada Nwosu won the 100 metres backstroke, holding off Canada's Jenna Hart by a fingertip.\n\nThe 20-year-old from Bath touched in 59.8 seconds.\n\n\"I just closed my eyes and kicked,\" the 20-year-old said.";
    let q = run(
        t,
        &[("Ada Nwosu", "Ada Nwosu"), ("Jenna Hart", "Jenna Hart")],
    );
    assert_eq!(speakers(&q), vec![Some("Ada Nwosu")]);
}

#[test]
fn a_role_first_given_to_someone_unnamed_stays_unnamed() {
    let t = "T\n\nFormer President Mahinda Ratnayake will contest the seat. Ratnayake's spokesman said an announcement would follow. \"He will not disappoint his supporters,\" the spokesman said.";
    let q = run(
        t,
        &[
            ("Mahinda Ratnayake", "Mahinda Ratnayake"),
            ("Ratnayake", "Mahinda Ratnayake"),
        ],
    );
    assert_eq!(speakers(&q), vec![None]);
}

fn partial_speakers(q: &[(String, Option<String>, bool)]) -> Vec<Option<&str>> {
    q.iter().map(|(_, s, _)| s.as_deref()).collect()
}

#[test]
fn a_name_before_of_and_a_place_or_organization_is_the_subject() {
    let t = "T\n\n\"It was the least bad outcome,\" Mr Morgan of the Sierra Club said.";
    let q = run_orgs(
        t,
        &[("Morgan", "Peter Morgan")],
        &[("Sierra Club", "Sierra Club")],
    );
    assert_eq!(speakers(&q), vec![Some("Peter Morgan")]);
    let t = "T\n\nGov. Earl Tomblin of West Virginia lauded the plan for helping develop \"new and innovative ideas\" in the state.";
    let q = run_all(t, &[("Earl Tomblin", "Earl Tomblin")]);
    assert_eq!(partial_speakers(&q), vec![Some("Earl Tomblin")]);
}

#[test]
fn a_possessive_name_is_not_the_speaker() {
    // The name in apposition to "X's manager" speaks, not X.
    let t = "T\n\n\"We are treating it as one long election day,\" said Rubio's deputy campaign manager, Rich Beeson, who ran the ground game.";
    let q = run(
        t,
        &[("Rubio", "Marco Rubio"), ("Rich Beeson", "Rich Beeson")],
    );
    assert_eq!(speakers(&q), vec![Some("Rich Beeson")]);
    // Unnamed: no speaker rather than the employer.
    let t = "T\n\n\"We are treating it as one long election day,\" said Rubio's deputy campaign manager.";
    let q = run(t, &[("Rubio", "Marco Rubio")]);
    assert_eq!(speakers(&q), vec![None]);
    let t = "T\n\nMarco Rubio spoke in Miami.\n\n\"We are treating it as one long election day,\" Rubio's spokesman said.";
    let q = run(
        t,
        &[("Marco Rubio", "Marco Rubio"), ("Rubio", "Marco Rubio")],
    );
    assert_eq!(speakers(&q), vec![None]);
}

#[test]
fn a_report_speaks_for_its_organization_not_a_person() {
    let t = "T\n\nPrime Minister Ruth Ellery met bankers on Monday.\n\n\"The ultimate impact remains very unclear,\" the IMF report stated.";
    let q = run_orgs(
        t,
        &[("Ruth Ellery", "Ruth Ellery")],
        &[("IMF", "International Monetary Fund")],
    );
    assert_eq!(speakers(&q), vec![Some("International Monetary Fund")]);
    let t = "T\n\nPrime Minister Ruth Ellery met bankers on Monday.\n\n\"The ultimate impact remains very unclear,\" the report stated.";
    let q = run(t, &[("Ruth Ellery", "Ruth Ellery")]);
    assert_eq!(speakers(&q), vec![None]);
}

#[test]
fn the_main_verb_of_a_partial_quotation_is_not_in_a_relative_clause() {
    let t = "T\n\nAt a forum, Marc Morial told a young woman who suggested that some people may not vote that \"not voting is not a viable strategy.\"";
    let q = run_all(t, &[("Marc Morial", "Marc Morial")]);
    assert_eq!(partial_speakers(&q), vec![Some("Marc Morial")]);
}

#[test]
fn according_to_after_a_partial_quotation_names_its_speaker() {
    let t = "T\n\nThe governor was greeted with chants of \"Bobby!\" at a labour conference last month, according to union leader Doris Crouse-Mays.";
    let q = run_all(t, &[("Doris Crouse-Mays", "Doris Crouse-Mays")]);
    assert_eq!(partial_speakers(&q), vec![Some("Doris Crouse-Mays")]);
}

#[test]
fn a_passive_verb_names_no_speaker() {
    let t = "T\n\nHarold Bornstein's earlier letter on Ted Vance was widely criticized for its prediction that Ted Vance would be \"the healthiest individual ever elected\" to the office.";
    let q = run_all(
        t,
        &[
            ("Harold Bornstein", "Harold Bornstein"),
            ("Ted Vance", "Ted Vance"),
        ],
    );
    assert!(q.is_empty(), "{q:?}");
}

#[test]
fn a_participle_right_after_a_name_is_that_persons() {
    let t = "T\n\nRuth Ellery spoke first.\n\nThe advert concludes with footage of Ted Vance saying during the debate, \"That makes me smart,\" when Ruth Ellery attacked him.";
    let q = run(
        t,
        &[("Ted Vance", "Ted Vance"), ("Ruth Ellery", "Ruth Ellery")],
    );
    assert_eq!(speakers(&q), vec![Some("Ted Vance")]);
}

#[test]
fn a_quote_paragraph_after_reported_speech_is_the_reporters_subjects() {
    let t = "T\n\nMr Gordon Hale praised the plan and its authors.\n\n\"It will work for every family in the country.\"\n\nNext.";
    let q = run(t, &[("Gordon Hale", "Gordon Hale")]);
    assert_eq!(speakers(&q), vec![Some("Gordon Hale")]);
    // Not when the quote has words of its own after it, nor after a sentence
    // reporting no one's words.
    let t = "T\n\nMr Gordon Hale praised the plan and its authors.\n\n\"Call the roll now, please,\" came shouts from the crowd.";
    let q = run(t, &[("Gordon Hale", "Gordon Hale")]);
    assert_eq!(speakers(&q), vec![None]);
    let t = "T\n\nMr Gordon Hale visited the plant in Leeds.\n\n\"It will work for every family in the country.\"";
    let q = run(t, &[("Gordon Hale", "Gordon Hale")]);
    assert_eq!(speakers(&q), vec![None]);
    // The same in one paragraph: the quotation right after the reporting sentence.
    let t = "T\n\nHis partner, Gordon Hale, called him a master of the deal. \"He showed again and again an ability to close.\"\n\nNext.";
    let q = run(t, &[("Gordon Hale", "Gordon Hale")]);
    assert_eq!(speakers(&q), vec![Some("Gordon Hale")]);
    let t = "T\n\nGordon Hale visited the plant in Leeds. \"It will work for every family in the country.\"";
    let q = run(t, &[("Gordon Hale", "Gordon Hale")]);
    assert_eq!(speakers(&q), vec![None]);
}

#[test]
fn one_word_speakers_join_the_full_name() {
    let q = |s: &str| RawQuote {
        start: 0,
        end: 1,
        speaker: Some(s.to_string()),
        partial: false,
    };
    let mut quotes = vec![q("Tom Ebeling"), q("Tom"), q("Ebeling"), q("Cruz")];
    merge_speaker_variants(&mut quotes, &["Ted Cruz", "Heidi Cruz"]);
    let got: Vec<_> = quotes.iter().map(|q| q.speaker.as_deref()).collect();
    // "Cruz" could be either of two people: left alone.
    assert_eq!(
        got,
        vec![
            Some("Tom Ebeling"),
            Some("Tom Ebeling"),
            Some("Tom Ebeling"),
            Some("Cruz")
        ]
    );
    // Junk from headlines and inverted attributions.
    let mut quotes = vec![
        q("Said Ellis"),
        q("Ryan Ellis"),
        q("Hillary Clinton Goes After Donald Trump As The New Mitt Romney"),
        q("Ted Cruz With George Wallace"),
        q("Martin Luther King Jr."),
    ];
    merge_speaker_variants(&mut quotes, &["Ryan Ellis"]);
    let got: Vec<_> = quotes.iter().map(|q| q.speaker.as_deref()).collect();
    assert_eq!(
        got,
        vec![
            Some("Ryan Ellis"),
            Some("Ryan Ellis"),
            None,
            None,
            Some("Martin Luther King Jr.")
        ]
    );
    // A full name among the article's people when no speaker has it.
    let mut quotes = vec![q("Sexton")];
    merge_speaker_variants(&mut quotes, &["Mary Sexton", "Ted Vance"]);
    assert_eq!(quotes[0].speaker.as_deref(), Some("Mary Sexton"));
    // Never a headline run that starts with the word.
    let mut quotes = vec![q("Hillary")];
    merge_speaker_variants(
        &mut quotes,
        &["Hillary Vance Goes After Ted Cruz As The New Nixon"],
    );
    assert_eq!(quotes[0].speaker.as_deref(), Some("Hillary"));
}

/// A pronoun after a sentence whose subject the article never names ("A spokeswoman for
/// Brandt said …") has no named speaker, even past a label ("UPDATE:"); a pronoun of
/// the other sex still finds the named person.
#[test]
fn a_pronoun_after_an_unnamed_subject_stays_unnamed() {
    let t = "T\n\nSenator Ana Ruiz wants a vote this week.\n\nUPDATE: A spokeswoman for Brandt said Tuesday that the senator would meet Ruiz. \"He is willing to listen,\" she said.";
    let q = run(
        t,
        &[
            ("Ana Ruiz", "Ana Ruiz"),
            ("Ruiz", "Ana Ruiz"),
            ("Brandt", "Lucas Brandt"),
        ],
    );
    assert_eq!(speakers(&q), vec![None]);
    let t = "T\n\nSenator Ana Ruiz wants a vote this week. A spokesman for the committee said a vote was unlikely. \"We will keep pushing,\" she said.";
    let q = run(t, &[("Ana Ruiz", "Ana Ruiz")]);
    assert_eq!(speakers(&q), vec![Some("Ana Ruiz")]);
}

#[test]
fn transcript_turns_are_quotations_of_their_speakers() {
    // A surname label joins the person the article names; a first name and surname
    // label needs no other evidence; quotation marks around a turn change nothing.
    let t = "T\n\nGov. Mike Pence spoke to Fox News on Sunday.\n\n\"WALLACE: Will she be at the debate?\n\n\"PENCE: She will not be attending the debate.\n\nJAKE TAPPER: Do you think it helps?\n\nUPDATE: The office later clarified the remarks.";
    let q = run(t, &[("Mike Pence", "Mike Pence")]);
    let got: Vec<(&str, Option<&str>)> = q
        .iter()
        .map(|(text, sp)| (text.as_str(), sp.as_deref()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("She will not be attending the debate.", Some("Pence")),
            ("Do you think it helps?", Some("Jake Tapper")),
        ]
    );
    // Two labels answering each other, each opening two turns, make a dialogue; an
    // honorific makes a speaker; a label that is a heading makes none.
    let t = "T\n\nHUMPHRYS: Why now?\n\nMR OKAFOR: Because the money ran out.\n\nHUMPHRYS: Is that all?\n\nOKAFOR: It is enough.\n\nFIX IS IN: A heading, not a turn.";
    let q = run(t, &[]);
    assert_eq!(
        speakers(&q),
        vec![
            Some("Humphrys"),
            Some("Okafor"),
            Some("Humphrys"),
            Some("Okafor")
        ]
    );
}

#[test]
fn a_thing_that_says_is_no_person() {
    // "The clip says": no one, not the person named last; "the governor said" is still
    // the salient person.
    let t = "T\n\nThe ad also mentions Percy Walton, whose sentence was commuted.\n\nThe clip says Kaine \"has a passion for defending the wrong people.\"\n\nMike Pence spoke in Fort Wayne.\n\n\"Too much is made of tweets,\" the governor said.";
    let q = run_all(
        t,
        &[
            ("Percy Walton", "Percy Walton"),
            ("Mike Pence", "Mike Pence"),
        ],
    );
    assert_eq!(partial_speakers(&q), vec![Some("Mike Pence")]);
    assert!(is_person_noun_for_test("governor") && is_person_noun_for_test("spokeswoman"));
    assert!(is_person_noun_for_test("29-year-old") && is_person_noun_for_test("nominee"));
    assert!(is_person_noun_for_test("mother-of-two") && is_person_noun_for_test("co-founder"));
    assert!(!is_person_noun_for_test("clip") && !is_person_noun_for_test("statement"));
    assert!(!is_person_noun_for_test("paper") && !is_person_noun_for_test("bill"));
}

fn is_person_noun_for_test(w: &str) -> bool {
    salience::is_person_noun(w)
}

#[test]
fn but_said_is_the_first_verbs_subject() {
    let t = "T\n\nMayor Jennifer Roberts said Friday that she thinks the video should be released but said \"the question is the timing.\"";
    let q = run_all(t, &[("Jennifer Roberts", "Jennifer Roberts")]);
    assert_eq!(partial_speakers(&q), vec![Some("Jennifer Roberts")]);
}

#[test]
fn transcript_labels_with_roles_questions_and_answers() {
    // "NAME, ROLE:" and "SEN. NAME (R), STATE:" labels; a turn's next paragraph is the
    // same speaker's, a stage direction is no one's; an unidentified voice is nobody.
    let t = "Farm bill clash\n\nGRAHAM BRACKETT, CNN ANCHOR: Good morning to you both.\n\nSenator, why should a grower trust that?\n\nSEN. MARGARET KESSLING (R), KANSAS: Because the old system failed him.\n\n(CROSSTALK)\n\nUNIDENTIFIED FARMER: I need to know the elevator will be there.\n\nBRACKETT: We have to leave it there.";
    let q = run(t, &[]);
    let got: Vec<(&str, Option<&str>)> = q
        .iter()
        .map(|(text, sp)| (text.as_str(), sp.as_deref()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("Good morning to you both.", Some("Graham Brackett")),
            (
                "Senator, why should a grower trust that?",
                Some("Graham Brackett")
            ),
            (
                "Because the old system failed him.",
                Some("Margaret Kessling")
            ),
            ("I need to know the elevator will be there.", None),
        ]
    );
    // "Q:" is nobody's, "A:" the person the article names most; a title-case
    // headline label and a table of figures are no turns.
    let t = "Albright: attendance comes first\n\nDenise Albright took over the district in July. Albright spoke to us.\n\nQ: What surprised you?\n\nA: How many of our kids miss a month of school.\n\nClinton: 547.\n\nSanders: 46.\n\nClinton: 2,316.\n\nSanders: 1,547.";
    let q = run(
        t,
        &[
            ("Denise Albright", "Denise Albright"),
            ("Albright", "Denise Albright"),
        ],
    );
    assert_eq!(
        q,
        vec![
            ("What surprised you?".to_string(), None),
            (
                "How many of our kids miss a month of school.".to_string(),
                Some("Denise Albright".to_string())
            ),
        ]
    );
    // Title-case labels answering each other are a dialogue.
    let t = "T\n\nReddin: Whose science is right?\n\nDunmore: Both sides are quoting real studies.\n\nReddin: Is that not worth a risk?\n\nDunmore: I live here.";
    assert_eq!(
        speakers(&run(t, &[])),
        vec![
            Some("Reddin"),
            Some("Dunmore"),
            Some("Reddin"),
            Some("Dunmore")
        ]
    );
}

#[test]
fn a_role_subject_passes_a_later_role_back_to_the_person_named_before() {
    // The middle sentence's subject is a role noun for Pence; the woman it names is no
    // antecedent of "the Indiana governor".
    let t = "T\n\nMike Pence says too much is made of tweets.\n\nThe Republican vice presidential nominee was speaking in Fort Wayne after Trump shamed Alicia Machado.\n\nThe Indiana governor said the media are to blame for focusing on \"he said this, he tweeted that.\"";
    let names = [
        ("Mike Pence", "Mike Pence"),
        ("Trump", "Donald Trump"),
        ("Alicia Machado", "Alicia Machado"),
    ];
    assert_eq!(
        partial_speakers(&run_all(t, &names)),
        vec![Some("Mike Pence")]
    );
}

#[test]
fn a_name_with_its_own_verb_after_said_is_no_speaker() {
    // The name after "said" opens the reported clause; the speaker is "63 percent".
    let t = "T\n\nHowever, 63 percent said Clinton was \"justified\" in keeping the diagnosis private.\n\n\"It will pass,\" said Hale Morgan in a statement.";
    let q = run_all(
        t,
        &[
            ("Clinton", "Hillary Clinton"),
            ("Hale Morgan", "Hale Morgan"),
        ],
    );
    assert_eq!(partial_speakers(&q), vec![Some("Hale Morgan")]);
}

#[test]
fn a_nationality_before_a_role_noun_is_no_name() {
    // "said the Nigerian diplomat": the person of the previous sentence, not "Nigerian".
    let t = "T\n\nTunde Fagbemi-Lawal, who led a team of observers, said voting had been calm.\n\n\"What I saw today I will tell my grandchildren about,\" said the Nigerian diplomat.";
    let q = run(t, &[("Tunde Fagbemi-Lawal", "Tunde Fagbemi-Lawal")]);
    assert_eq!(speakers(&q), vec![Some("Tunde Fagbemi-Lawal")]);
    // A person introduced with another nationality is not "the Nigerian diplomat".
    let t = "T\n\nKenya's Ruth Wanjiru said voting had been calm.\n\n\"What I saw today I will tell my grandchildren about,\" said the Nigerian diplomat.";
    let q = run(t, &[("Ruth Wanjiru", "Ruth Wanjiru")]);
    assert_eq!(speakers(&q), vec![None]);
}

#[test]
fn where_someone_is_from_before_a_role_noun_is_no_name() {
    // "said the Lisbon-born director": the director named before, not "Lisbon-born".
    let t = "T\n\nMarta Quintela-Ross shot the film over two winters.\n\n\"The sea is not romantic here,\" said the Lisbon-born director, who is 41.";
    let q = run(t, &[("Marta Quintela-Ross", "Marta Quintela-Ross")]);
    assert_eq!(speakers(&q), vec![Some("Marta Quintela-Ross")]);
    // With no such role in the article, nobody: "said a London-based analyst".
    let t = "T\n\nMarta Quintela-Ross said prices would rise.\n\n\"Shares in the group will fall once the results are out,\" said a London-based analyst.";
    let q = run(t, &[("Marta Quintela-Ross", "Marta Quintela-Ross")]);
    assert_eq!(speakers(&q), vec![None]);
}

#[test]
fn a_pronoun_after_an_unnamed_subject_has_no_speaker() {
    // The subject comes after a place opening the sentence.
    for opener in ["Near Pietersburg,", "Outside the stadium,"] {
        let t = format!("T\n\nDanie Olivier said the count would take days.\n\n{opener} a white farmer who asked not to be named said he had queued with his workers.\n\n\"We stood in the same line,\" he said.");
        let q = run(&t, &[("Danie Olivier", "Danie Olivier")]);
        assert_eq!(speakers(&q), vec![None], "{opener}");
    }
    // A person noun known by its suffix, before a comma.
    let t = "T\n\nPaul Lagat said prices would rise.\n\nA depot manager, who declined to be named, said the board had received few bags.\n\n\"We have space for a million bags,\" he said.";
    let q = run(t, &[("Paul Lagat", "Paul Lagat")]);
    assert_eq!(speakers(&q), vec![None]);
    // Not a noun that only looks like one: "A later report said".
    let t = "T\n\nPaul Lagat said prices would rise. A later report said stocks were low.\n\n\"We have space for a million bags,\" he said.";
    let q = run(t, &[("Paul Lagat", "Paul Lagat")]);
    assert_eq!(speakers(&q), vec![Some("Paul Lagat")]);
}

#[test]
fn the_commission_is_the_organization_of_that_name() {
    // The organization whose name has the noun, not the one named last.
    let t = "T\n\nThe Independent National Electoral Commission fixed March 23 for the polls.\n\nIn Rivers State, where soldiers were deployed, the commission said collation would resume.\n\n\"No soldier will be allowed inside,\" the commission said in a statement.";
    let q = run_orgs(
        t,
        &[],
        &[
            (
                "Independent National Electoral Commission",
                "Independent National Electoral Commission",
            ),
            ("Rivers State", "Rivers State"),
        ],
    );
    assert_eq!(
        speakers(&q),
        vec![Some("Independent National Electoral Commission")]
    );
    // "the party": the organization in focus.
    let t = "T\n\nThe ANC in Gauteng said in a statement that the province had acted.\n\n\"We have set aside R1.2 billion,\" the party said.";
    let q = run_orgs(t, &[], &[("ANC", "African National Congress")]);
    assert_eq!(speakers(&q), vec![Some("African National Congress")]);
}

#[test]
fn a_university_don_is_a_person() {
    let t = "T\n\nProf Joseph Anyango dismissed the claims.\n\n\"We are leading in all seven sub-counties,\" the former university don said.";
    let q = run(t, &[("Joseph Anyango", "Joseph Anyango")]);
    assert_eq!(speakers(&q), vec![Some("Joseph Anyango")]);
}

#[test]
fn a_bracketed_short_form_after_the_subject() {
    // "The National Democratic Congress (NDC) described …": the organization.
    let t = "T\n\nKofi Boateng welcomed the increase.\n\nThe opposition National Democratic Congress (NDC) described the increase as \"too little, too late\".";
    let q: Vec<_> = run_all_orgs(
        t,
        &[("Kofi Boateng", "Kofi Boateng")],
        &[(
            "National Democratic Congress",
            "National Democratic Congress",
        )],
    )
    .into_iter()
    .filter(|q| q.2)
    .map(|q| q.1)
    .collect();
    assert_eq!(q, vec![Some("National Democratic Congress".to_string())]);
}

#[test]
fn a_country_opening_the_sentence_speaks_in_a_partial_quotation() {
    let t = "T\n\nJapan branded North Korea an \"outlaw nation in the neighborhood.\" Even China, Pyongyang's only ally, said it was \"resolutely opposed\" to the test.";
    let q = run_all(t, &[]);
    let partial: Vec<_> = q.iter().filter(|x| x.2).map(|x| x.1.as_deref()).collect();
    assert_eq!(partial, vec![Some("Japan"), Some("China")]);
    // Not a country named further on in the sentence.
    let t = "T\n\nThe constitution makes no mention of nuclear weapons, although it does say that Japan agrees to \"renounce war.\"";
    let q = run_all(t, &[]);
    assert!(q.iter().all(|x| x.1.as_deref() != Some("Japan")), "{q:?}");
}

#[test]
fn an_honorific_opens_the_name_in_apposition() {
    let t = "T\n\nWorkers protested on Monday.\n\n\"The figures are too low,\" said the federation's vice-chairman, Mrs Wanida Srisuk, who has organised workers for 20 years.";
    let q = run(t, &[("Wanida Srisuk", "Wanida Srisuk")]);
    assert_eq!(speakers(&q), vec![Some("Wanida Srisuk")]);
}

#[test]
fn a_second_partial_quotation_in_a_clause_without_a_subject_keeps_the_speaker() {
    let t = "T\n\nGovernment spokesman Jerzy Halas said on state television that the cut was \"painful but unavoidable\" and accused union radicals of \"playing with fire.\"";
    let q = run_all(t, &[("Jerzy Halas", "Jerzy Halas")]);
    assert_eq!(
        partial_speakers(&q),
        vec![Some("Jerzy Halas"), Some("Jerzy Halas")],
        "{q:?}"
    );
    // A clause with a subject of its own that names no one: no speaker.
    let t = "T\n\nJerzy Halas called the cut \"painful but unavoidable\" but critics called it \"a disgrace\" on Monday.";
    let q = run_all(t, &[("Jerzy Halas", "Jerzy Halas")]);
    assert_eq!(partial_speakers(&q), vec![Some("Jerzy Halas")], "{q:?}");
}

/// Marks that pair up so that a quotation starts inside the previous one's attribution
/// (found by the property test): no panic, and every quotation lies in the text.
#[test]
fn overlapping_quotations_from_stray_marks_do_not_panic() {
    let t =
        "Okonkwo saidOkonkwo said\u{201c}Mr. Mr. Mr. \n\n\n\n\u{201d}\"\u{201d}\n\n\"Okonkwo said";
    let e = crate::extract::extract_text(t);
    assert!(e
        .quotes
        .iter()
        .all(|q| q.start <= q.end && q.end <= t.len()));
}

/// "the researchers wrote": a group of people is no one person, so the quotation has
/// no speaker rather than the researcher quoted before.
#[test]
fn a_plural_role_noun_names_no_one() {
    let t = "T\n\n\"It was remarkably consistent,\" said lead author Dr. Naomi Feldhaus, an epidemiologist.\n\nTo test that, the team left out anyone diagnosed in the first two years.\n\n\"Reverse causation cannot be ruled out entirely,\" the researchers wrote.";
    let q = run(t, &[("Naomi Feldhaus", "Naomi Feldhaus")]);
    assert_eq!(speakers(&q), vec![Some("Naomi Feldhaus"), None], "{q:?}");
}
