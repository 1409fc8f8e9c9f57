//! The family of round fifty-one (made after round 50's scores on test-bc, test-bd and
//! test-be): recruiting others in the word orders visitors use ("ik moet van hem andere
//! jongens uit mn klas overhalen", "hij wil dat ik meisjes van school aan hem voorstel"), which
//! the lexicon's fixed phrases missed (0 of 8 on test-be, 102 of 238 chats coded `recruitment`
//! over the corpus); and "ik weet niet of ..." in the sentence of what is done to someone
//! else, which does not make the visitor the victim. Each positive test fails on round 50's
//! rules; the guards beside them pass on both.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// A boy made to talk his friends into running (be1-093 in other words): recruitment, by a
/// verb of drawing in after the group.
#[test]
fn talking_friends_into_it_is_recruitment() {
    let sug = suggester().suggest(&chat(
        boy(15),
        &[
            (
                "v",
                "ik moet van een gast uit de wijk pakketjes rondbrengen en nu moet ik ook mn vrienden overhalen om ook te runnen",
            ),
            ("c", "Wat gebeurt er als je het niet doet?"),
            ("v", "dan slaat ie me"),
        ],
    ));
    assert!(
        items(&sug, "crime").iter().any(|c| c == "recruitment"),
        "{:?}",
        items(&sug, "crime")
    );
}

/// A girl who must find girls at school for her boyfriend after she had to go with men
/// herself (ap2-066 in other words): recruitment by an ordinary verb ("zoeken") where she
/// must, beside the sexual exploitation.
#[test]
fn having_to_find_girls_for_him_is_recruitment() {
    let sug = suggester().suggest(&chat(
        girl(16),
        &[
            (
                "v",
                "eerst moest ik voor mn vriend met mannen afspreken voor geld. nu moet ik ook andere meisjes van school voor hem zoeken",
            ),
            ("c", "Hoe lang gaat dit al?"),
            ("v", "een paar maanden"),
        ],
    ));
    assert!(items(&sug, "crime").iter().any(|c| c == "recruitment"));
    assert_eq!(code(&sug, "exploitation").as_deref(), Some("both"));
}

/// Guard: friends asked what is going on, and drugs taken along for the boys, are no
/// recruitment.
#[test]
fn asking_friends_and_taking_drugs_along_are_no_recruitment() {
    let sug = suggester().suggest(&chat(
        boy(16),
        &[
            (
                "v",
                "ik moet van die jongens drugs in mn schooltas meenemen en bij een adres afgeven",
            ),
            ("c", "Weet iemand anders ervan?"),
            ("v", "mn vrienden vragen wel eens waarom ik zoveel geld heb"),
        ],
    ));
    assert!(!items(&sug, "crime").iter().any(|c| c == "recruitment"));
}

/// Guard: a girl who must not yet ("ik hoef geen meisjes te benaderen") is not recruiting.
#[test]
fn a_denied_approach_is_no_recruitment() {
    let sug = suggester().suggest(&chat(
        girl(17),
        &[
            ("v", "mn vriend laat me met mannen afspreken voor geld"),
            ("v", "ik hoef gelukkig geen meisjes te benaderen"),
        ],
    ));
    assert!(!items(&sug, "crime").iter().any(|c| c == "recruitment"));
}

/// A girl of 16 about her boyfriend of 17 who must deal (be2-021 in other words): "ik weet
/// niet of dit hier hoort maar mn vriendje moet dealen" does not make her the victim, so her
/// own age is not the victim's.
#[test]
fn not_knowing_whether_it_belongs_here_is_not_being_the_victim() {
    let sug = suggester_with_model().suggest(&chat(
        intake_gender_only("female"),
        &[
            (
                "v",
                "ik weet nie of dit hier hoort maar mn vriendje moet voor iemand dealen",
            ),
            ("c", "Fijn dat je het toch vraagt. Vertel eens wat er gebeurt."),
            (
                "v",
                "hij is 17 en ik ben 16. een gast van 26 laat hem wiet verkopen bij de school en als hij te weinig verkoopt moet hij het terugbetalen",
            ),
            ("c", "Ben jij zelf veilig?"),
            ("v", "ja mij doen ze niks"),
        ],
    ));
    assert_ne!(code(&sug, "chatter").as_deref(), Some("victim"));
    assert_ne!(age(&sug), Some(16));
}

/// Guard: "ik weet niet wat ik moet doen, ik moet met mannen mee voor mn vriend" keeps the
/// visitor the victim (the not knowing is a sentence of its own).
#[test]
fn not_knowing_what_to_do_keeps_the_victim() {
    let sug = suggester().suggest(&chat(
        girl(15),
        &[
            ("v", "ik weet niet wat ik moet doen."),
            ("v", "ik moet van mn vriend met mannen mee voor geld"),
            ("c", "Wat naar. Hoe lang gaat dit al?"),
            ("v", "een paar weken"),
        ],
    ));
    assert_eq!(code(&sug, "chatter").as_deref(), Some("victim"));
    assert_eq!(age(&sug), Some(15));
}

/// A worker from abroad who answers "How long has this been going on?" with "5 months"
/// (be1-012 in other words): it goes on, so the time since is `ongoing` (and she is acutely
/// unsafe, which follows from it).
#[test]
fn a_length_asked_in_the_present_goes_on() {
    let sug = suggester().suggest(&chat(
        girl(22),
        &[
            (
                "v",
                "my boyfriend brought me here from abroad. i have to sleep with men for money",
            ),
            ("c", "How long has this been going on?"),
            ("v", "5 months"),
        ],
    ));
    assert_eq!(code(&sug, "time_since").as_deref(), Some("ongoing"));
    assert_eq!(code(&sug, "acutely_unsafe").as_deref(), Some("yes"));
}

/// The same in Dutch: "Hoe lang werk je daar al?" "bijna een jaar" (be1-016).
#[test]
fn how_long_have_you_worked_there_goes_on() {
    let sug = suggester().suggest(&chat(
        boy(19),
        &[
            (
                "v",
                "ik werk in een autowasstraat van een kennis, 12 uur per dag zonder loon en slaap boven de zaak",
            ),
            ("c", "Hoe lang werk je daar al?"),
            ("v", "bijna een jaar"),
        ],
    ));
    assert_eq!(code(&sug, "time_since").as_deref(), Some("ongoing"));
}

/// Guard: "Hoe lang heeft het geduurd?" asks how long it lasted, and says nothing of now.
#[test]
fn a_length_asked_in_the_past_does_not_go_on() {
    let sug = suggester().suggest(&chat(
        girl(19),
        &[
            (
                "v",
                "mn ex liet me met mannen afspreken voor geld en hij hield alles",
            ),
            ("c", "Hoe lang heeft het geduurd?"),
            ("v", "een jaar ongeveer"),
        ],
    ));
    assert_ne!(code(&sug, "time_since").as_deref(), Some("ongoing"));
}

/// A girl who corrects her own age with "eh" ("16. eh 17 sinds gisteren haha", bf2-034 in
/// other words, found after test-bf's score): a correction, so no age is suggested, and the
/// counsellor's hint holds the correction.
#[test]
fn a_correction_with_eh_is_a_correction() {
    let s = suggester();
    let c = chat(
        girl(17),
        &[
            (
                "v",
                "ik slaap bij een man van 40 en ik moet nu met zn vrienden naar bed anders moet ik weg",
            ),
            ("c", "Wat een moeilijke situatie. Hoe oud ben je?"),
            ("v", "16. eh 17 sinds gisteren haha"),
        ],
    );
    let sug = s.suggest(&c);
    assert_ne!(age(&sug), Some(16));
    assert!(corrected_age(&s, &c).is_some());
}
