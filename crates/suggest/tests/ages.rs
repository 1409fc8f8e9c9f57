//! Whose age a suggested `victim_age` is: a number only when the text ties it to the victim, the intake's age only when the visitor is the victim of the exploitation the rules found (round 6).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;

/// A third party chats for someone else (a friend, a partner): the intake's age is the
/// chatter's, never the victim's, even where the rules mistake the chatter.
#[test]
fn a_third_partys_intake_age_is_never_the_victims() {
    let s = suggester();
    for (visitor, text) in [
        (
            intake(20, "male"),
            "hey mn vriendin durft nie zelf te typen dus ik doe het. haar ex laat haar met mannen afspreken en zij moet hem het geld geven",
        ),
        (
            intake(17, "female"),
            "ik maak me zorgen over een meisje uit mn klas. ze moet van haar vriend met mannen mee",
        ),
    ] {
        let c = chat(visitor, &[("v", text), ("c", "Wat naar. Vertel maar.")]);
        let out = s.suggest(&c);
        assert_eq!(age(&out), None, "{text}");
    }
}

/// A partner who chats and says how old the victim is ("hij is 25"), and what they must do
/// themselves around it: the number, or no age, but never the partner's intake age.
#[test]
fn a_partner_with_an_age_gives_that_age_not_the_intakes() {
    let s = suggester();
    let c = chat(
        intake(24, "female"),
        &[(
            "v",
            "mn vriend zit vast aan een groep. hij is 25. hij moet elke week drugs naar belgie brengen en ik moet zijn telefoon vasthouden als hij rijdt",
        )],
    );
    let got = age(&s.suggest(&c));
    assert!(got.is_none() || got == Some(25), "{got:?}");
}

/// A relative tells the story ("mijn nicht"): the intake's age is the relative's.
#[test]
fn a_relatives_intake_age_is_not_the_victims() {
    let s = suggester();
    let c = chat(
        intake(28, "female"),
        &[
            (
                "v",
                "Goedenavond, mijn nicht werkt in een restaurant van kennissen. Zij spreekt geen Nederlands dus ik schrijf voor haar.",
            ),
            ("c", "Welkom. Wat speelt er?"),
            (
                "v",
                "Ze moet elke dag werken zonder loon omdat ze een schuld heeft voor de reis, en de baas heeft haar paspoort.",
            ),
        ],
    );
    let out = s.suggest(&c);
    assert_eq!(age(&out), None);
    // The visitor who is the victim still gets the intake's age.
    let c = chat(
        intake(28, "female"),
        &[(
            "v",
            "ik moet elke dag werken zonder loon omdat ik een schuld heb voor de reis, en de baas heeft mijn paspoort",
        )],
    );
    assert_eq!(age(&s.suggest(&c)), Some(28));
}

/// A hypothetical ("stel dat hij me zou vragen ...") or a request the visitor turned down
/// (a plain "nee" to "Word je gedwongen?") is no exploitation: no status, so no age.
#[test]
fn a_hypothetical_or_a_refused_request_gives_no_age() {
    let s = suggester();
    for lines in [
        vec![(
            "v",
            "stel dat mn vriend me zou vragen om met mannen mee te gaan, wat moet ik dan doen",
        )],
        vec![
            (
                "v",
                "mn vriend vroeg of ik pakketjes met wiet voor hem wil rondbrengen",
            ),
            ("c", "Zet hij je onder druk?"),
            ("v", "nee hij vroeg het gwn. ik twijfel nog"),
        ],
        vec![
            (
                "v",
                "een gast uit mn klas wil dat ik drugs voor hem verkoop op school",
            ),
            ("c", "Word je gedwongen?"),
            ("v", "nee ik zeg gewoon nee"),
        ],
        // A threat of dismissal is a conflict about work; "nee" to withheld wages.
        vec![
            (
                "v",
                "ik werk bij een nagelsalon. de baas laat me onbetaald overwerken en zegt dat ik anders ontslagen word",
            ),
            ("c", "Houdt hij je loon in of je paspoort?"),
            ("v", "nee ik krijg gewoon mn salaris voor de gewone uren"),
        ],
        // "iets anders" is no threat; a bare "moet ik bang zijn" is no force.
        vec![
            (
                "v",
                "ik moet lange dagen werken voor weinig geld in een magazijn",
            ),
            ("c", "Wordt je bedreigd of zit je vast aan een schuld?"),
            ("v", "nee dat nie. ik ga gwn opzeggen en iets anders zoeken"),
        ],
        vec![(
            "v",
            "mn vrienden dealen en vragen of ik meedoe. ik heb nog nie ja gezegd. moet ik bang zijn",
        )],
    ] {
        let c = chat(intake(16, "female"), &lines);
        let out = s.suggest(&c);
        assert_eq!(age(&out), None, "{lines:?}");
        assert_eq!(out.get("status").and_then(|x| x.value.as_code()), None);
    }
    // A "nee, maar" answer still tells of force.
    let c = chat(
        intake(16, "female"),
        &[
            (
                "v",
                "een gast uit mn klas laat me drugs voor hem verkopen op school",
            ),
            ("c", "Word je gedwongen?"),
            ("v", "nee maar als ik stop slaat hij me"),
        ],
    );
    assert_eq!(age(&s.suggest(&c)), Some(16));
}

/// The visitor is one of the victims ("hij heeft mij en mn zusje laten poseren"): the
/// answer to "Hoe oud is je zusje?" is the sister's age, never the victim's.
#[test]
fn a_co_victims_age_is_not_the_victims() {
    let s = suggester();
    let c = chat(
        intake(15, "female"),
        &[
            (
                "v",
                "mn moeder heeft een nieuwe vriend. hij heeft mij en mn zusje laten poseren voor fotos en die verkoopt hij",
            ),
            ("c", "Hoe oud is je zusje?"),
            ("v", "11"),
        ],
    );
    let got = age(&s.suggest(&c));
    assert!(got.is_none() || got == Some(15), "{got:?}");
}

/// Round 7: the counsellor asks about pressure in any wording ("Doet iemand druk op je?",
/// "Moet je dit van iemand?", "Gebeurt het tegen je wil?") and the visitor denies it ("nee
/// echt nie", "niemand", "helemaal nie", "ik wil het zelf"): no exploitation, so no age.
#[test]
fn a_denied_pressure_question_in_any_wording_gives_no_age() {
    let s = suggester();
    for (q, a) in [
        (
            "Doet iemand druk op je om dit te gaan doen?",
            "nee echt nie, ik wil het zelf. gewoon voor het geld",
        ),
        (
            "Moet je dit van iemand?",
            "niemand, het is mijn eigen keuze",
        ),
        (
            "Gebeurt het tegen je wil?",
            "helemaal nie, ik vind het prima zo",
        ),
        (
            "Dwingt iemand je?",
            "ik wil het zelf, ik verdien er goed aan",
        ),
    ] {
        let c = chat(
            intake(24, "female"),
            &[
                (
                    "v",
                    "hallo ik ben 24 en wil zelf als escort gaan werken, hoe doe ik dat veilig",
                ),
                ("c", q),
                ("v", a),
            ],
        );
        let out = s.suggest(&c);
        assert_eq!(age(&out), None, "{q} {a}");
        assert_ne!(
            out.get("status").and_then(|x| x.value.as_code()),
            Some("included"),
            "{q} {a}"
        );
    }
}

/// Round 7: a visitor who tells what happens next door, at work or in the street is a
/// witness: the intake's age is the witness's, never the victim's.
#[test]
fn a_witness_next_door_at_work_or_in_the_street_gives_no_intake_age() {
    let s = suggester();
    for text in [
        "Goedenavond. Ik woon in een flat en naast mij gebeurt iets vreemds. Er wonen drie jonge vrouwen. Er komen de hele dag mannen langs en een man haalt elke avond geld op.",
        "hoi ik maak me zorgen om de buren. daar wonen meisjes die nooit buiten komen en er komen steeds andere mannen",
        "ik zie bij ons in de straat elke ochtend een busje waar mannen in moeten en een man neemt hun paspoort af",
        "een collega van mij wordt door de baas opgesloten en krijgt geen loon, hij slaapt in het magazijn",
    ] {
        let c = chat(
            intake(38, "female"),
            &[
                ("v", text),
                ("c", "Wat ziet u precies?"),
                ("v", "ik weet nie wat ik moet doen"),
            ],
        );
        let got = age(&s.suggest(&c));
        assert_ne!(got, Some(38), "{text}");
    }
}

/// Round 7: an age said of the person who does it to the visitor is the perpetrator's,
/// never the victim's ("ik wil praten over mn broer ... hij is 25. hij heeft me laten
/// werken").
#[test]
fn the_perpetrators_age_is_never_the_victims() {
    let s = suggester();
    for (first, second) in [
        (
            "ik wil praten over mn broer",
            "hij is 25. hij heeft me 2,5 jaar als escort laten werken. hij maakte de afspraken en hield het geld",
        ),
        (
            "het gaat over mn oom",
            "hij is 41 en hij laat me drugs verkopen voor hem",
        ),
        (
            "ik wil iets vertellen over mn zus",
            "ze is 30. ze dwingt me om met mannen mee te gaan",
        ),
    ] {
        let c = chat(
            intake(22, "female"),
            &[("v", first), ("c", "Vertel maar."), ("v", second)],
        );
        let out = s.suggest(&c);
        let got = age(&out);
        assert!(got.is_none() || got == Some(22), "{second}: {got:?}");
    }
}
