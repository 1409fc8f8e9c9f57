//! The phrase banks of the transcripts: visitor templates per fact, counsellor questions and replies.
//!
//! Visitor templates are first-person templates for [`super::voice::Voice::render`].
//! Nothing here is graphic: the chats say what happens in plain, everyday words.
//! Excluded cases use their own banks, which never contain a trafficking
//! phrase of [`TRAFFICKING_MARKERS`].

/// Phrases that only a chat about trafficking contains (checked in tests: no excluded chat has one).
pub const TRAFFICKING_MARKERS: &[&str] = &[
    "klant",
    "uitbuit",
    "mensenhandel",
    "pooier",
    "loverboy",
    "met mannen",
    "met andere mannen",
    "seks met ander",
    "verkoopt",
    "drugs",
    "dealen",
    "pakketje",
    "afspraken met",
    "stelen",
    "jatten",
    "bankpas",
];

pub const GREETING: &[&str] = &[
    "hoi",
    "hallo",
    "hey",
    "hoi?",
    "hallo is daar iemand",
    "goedenavond",
    "hi",
    "hoii",
    "hallo, mag ik iets vragen?",
    "hey ik weet niet of ik hier goed zit",
    "hallo. ik wil iets vragen maar weet niet hoe",
    "hoi. is dit anoniem?",
    "hallo ik wil even iets vragen",
    "hey. kan ik hier even mijn verhaal kwijt?",
    "goedemiddag",
    "hoi sorry als ik stoor",
];

pub const WELCOME: &[&str] = &[
    "Hoi, fijn dat je er bent. Je chat met een hulpverlener van Fier. Waar wil je over praten?",
    "Hallo, welkom bij de chat. Ik ben er voor je. Wat wil je vertellen?",
    "Hoi! Goed dat je de chat hebt gevonden. Neem gerust de tijd. Waar gaat het over?",
    "Goedenavond, je spreekt met een hulpverlener. Wat je hier vertelt blijft anoniem. Wat houdt je bezig?",
    "Hai, fijn dat je contact opneemt. Waarmee kan ik je helpen?",
    "Hoi, welkom. Je zit hier goed. Vertel maar, in je eigen tempo.",
];

pub const WELCOME_CSG: &[&str] = &[
    "Welkom bij de chat van het Centrum Seksueel Geweld. Je chat nu met een hulpverlener van Fier. Waar wil je over praten?",
    "Hoi, je bent via het Centrum Seksueel Geweld bij de chat gekomen. Ik ben hulpverlener bij Fier. Wat wil je vertellen?",
];

pub const ANONYMOUS: &str = "Ja, de chat is anoniem. Je hoeft geen naam of adres te geven.";

/// The visitor's first account: sexual exploitation, perpetrator known.
pub const HOOK_SEXUAL: &[&str] = &[
    "{dader} laat {mij} met andere mannen afspreken en {h:pakt} het geld",
    "{ik} {v:moet} van {dader} seks hebben met mannen die {hij} {h:regelt}",
    "ik weet niet hoe ik het moet zeggen. {dader} {h:verkoopt} {mij} aan andere mannen",
    "er komen mannen langs en {ik} {v:moet} dingen met ze doen. {dader} {h:krijgt} er geld voor",
    "{ik} {v:moet} steeds naar afspraken met mannen van {dader}, en {ik} {v:wil} dat niet",
    "{dader} {h:zegt} dat {ik} geld {v:moet} verdienen door seks met andere mannen",
    "{dader} {h:zet} {mij} online en dan komen er mannen. het geld {h:houdt} {hij} zelf",
    "{ik} {v:word} door {dader} naar mannen gebracht om seks mee te hebben",
    "{dader} {h:regelt} afspraken met mannen voor {mij} en {ik} {v:moet} gaan, anders wordt {hij} boos",
    "ik weet echt niet meer wat ik moet doen. {dader} {h:laat} {mij} met mannen mee gaan voor geld",
    "{ik} {v:moet} van {dader} met mannen naar bed, ik denk dat {hij} er waarschijnlijk veel geld aan {h:verdient}",
];

/// The first account when the perpetrator stays vague.
pub const HOOK_SEXUAL_VAGUE: &[&str] = &[
    "{ik} {v:moet} met mannen mee voor geld en {ik} {v:kan} niet weigeren",
    "er zijn mensen die {mij} dwingen om met mannen af te spreken",
    "{ik} {v:word} gedwongen seks te hebben met andere mannen, het geld gaat niet naar {mij}",
    "ze sturen {mij} naar afspraken met mannen die betalen",
    "ik weet niet of dit hier hoort maar {ik} {v:moet} met mannen mee en {ik} {v:krijg} zelf niks",
];

pub const HOOK_CRIMINAL: &[&str] = &[
    "{ik} {v:moet} dingen doen voor {dader} die niet mogen",
    "{dader} {h:dwingt} {mij} om voor {hem} te werken, dingen die strafbaar zijn",
    "{ik} {v:zit} vast in iets, {dader} {h:laat} {mij} van alles doen voor geld dat {ik} nooit {v:zie}",
    "{ik} {v:wil} stoppen maar {dader} {h:laat} {mij} niet gaan",
    "{dader} {h:zegt} dat {ik} een schuld {v:heb} en dat {ik} die moet afbetalen door dingen voor {hem} te doen",
];

pub const HOOK_CRIMINAL_VAGUE: &[&str] = &[
    "ze laten {mij} dingen doen die strafbaar zijn en {ik} {v:durf} niet te stoppen",
    "{ik} {v:ben} in iets terechtgekomen en {ik} {v:kom} er niet meer uit",
];

/// How someone else opens, per kind of chatter (the victim noun follows).
pub const HOOK_OTHER_FAMILY: &[&str] = &[
    "ik maak me grote zorgen om {slachtoffer}",
    "het gaat niet over mij maar over {slachtoffer}",
    "ik weet niet wat ik moet doen, het gaat om {slachtoffer}",
];
pub const HOOK_OTHER_SOCIAL: &[&str] = &[
    "ik maak me zorgen over {slachtoffer}",
    "ik wil iets vragen over {slachtoffer}, ik denk dat er iets heel ergs speelt",
    "het gaat over {slachtoffer}. ik heb iets gehoord en het laat me niet los",
];
pub const HOOK_OTHER_PARTNER: &[&str] = &[
    "het gaat om {slachtoffer}, ik denk dat {ik} in iets {v:zit} waar {ik} niet uit {v:kan}",
    "ik chat voor {slachtoffer}, {ik} {v:durf} het zelf niet",
];

pub const AGE_SELF: &[&str] = &[
    "ik ben {leeftijd}",
    "ben {leeftijd} jaar",
    "ik ben {leeftijd} btw",
    "{leeftijd} jaar",
    "ik ben {leeftijd} jaar oud",
    "{leeftijd}",
];
pub const AGE_OTHER: &[&str] = &[
    "{ik} {v:ben} {leeftijd}",
    "{Ik} {v:ben} {leeftijd} jaar",
    "{leeftijd} jaar is {ik}",
    "{ik} {v:ben} pas {leeftijd}",
];
/// `{fout}` is the age that was filled in wrongly.
pub const AGE_CORRECTION: &[&str] = &[
    "ik zei {fout} maar ben {leeftijd}",
    "ik heb {fout} ingevuld maar ik ben eigenlijk {leeftijd}",
    "sorry die leeftijd klopt niet, ik ben {leeftijd}",
    "ik ben trouwens {leeftijd} niet {fout}",
    "had {fout} ingevuld omdat ik bang was. ik ben {leeftijd}",
];

pub const ASK_AGE: &[&str] = &[
    "Mag ik vragen hoe oud je bent?",
    "Hoe oud ben je, als je dat wilt zeggen?",
    "Wil je vertellen hoe oud je bent? Dan kan ik beter met je meedenken.",
];
pub const ASK_AGE_OTHER: &[&str] = &["Weet je hoe oud {ik} is?", "Hoe oud is {ik}?"];

pub const ASK_WHO: &[&str] = &[
    "Wie is degene die dit van je vraagt?",
    "Mag ik vragen wie dit regelt?",
    "Wie is die persoon voor jou?",
    "Wil je iets meer vertellen over die persoon?",
];

pub const ASK_WHO_OTHER: &[&str] = &[
    "Weet je wie dit regelt?",
    "Weet je iets over degene die dit van {mij} vraagt?",
];
pub const ASK_MET_OTHER: &[&str] = &[
    "Weet je hoe {ik} die persoon heeft leren kennen?",
    "Hoe zijn ze met elkaar in contact gekomen, weet je dat?",
];
pub const ASK_MET: &[&str] = &[
    "Hoe hebben jullie elkaar leren kennen?",
    "Hoe ben je met die persoon in contact gekomen?",
];
pub const ASK_TIME: &[&str] = &[
    "Hoe lang speelt dit al?",
    "Weet je nog wanneer het begonnen is?",
    "Sinds wanneer gebeurt dit?",
    "Gebeurt het nu nog steeds?",
];
pub const ASK_SAFE: &[&str] = &[
    "Ben je op dit moment op een veilige plek?",
    "Hoe veilig is het nu voor je?",
    "Ben je nu veilig?",
    "Voel je je op dit moment veilig waar je bent?",
];
pub const ASK_SAFE_OTHER: &[&str] = &[
    "Weet je of {ik} nu veilig is?",
    "Hoe veilig denk je dat het nu is voor {mij}?",
];
pub const ASK_TOLD: &[&str] = &[
    "Heb je hier al eerder met iemand over gepraat?",
    "Weet iemand anders hiervan?",
    "Is dit de eerste keer dat je het aan iemand vertelt?",
];
pub const ASK_MORE_PEOPLE: &[&str] = &[
    "Zijn er nog meer mensen bij betrokken?",
    "Is het alleen die persoon, of zijn er anderen die meedoen?",
];
pub const ASK_REFERRAL: &[&str] = &[
    "Mag ik vragen hoe je bij ons terecht bent gekomen?",
    "Hoe heb je de chat gevonden?",
];

pub const EMPATHY: &[&str] = &[
    "Dank je dat je dit met me deelt.",
    "Wat naar dat je dit meemaakt.",
    "Dat klinkt heel zwaar.",
    "Wat je vertelt is niet jouw schuld.",
    "Goed dat je hierover praat.",
    "Neem gerust je tijd, ik blijf hier.",
    "Ik hoor je. Dat is veel om te dragen.",
    "Ik begrijp dat dit moeilijk is om op te schrijven.",
    "Je bent heel dapper dat je dit vertelt.",
    "Oké, dank je. Ik lees mee.",
    "Wat fijn dat je het toch opschrijft. Ik ben er.",
    "Dat moet heel eenzaam voelen. Goed dat je nu praat.",
];
pub const FILLER_VISITOR: &[&str] = &[
    "sorry ik vind dit echt moeilijk om te typen",
    "ik weet niet hoe ik dit moet uitleggen",
    "sorry",
    "...",
    "ik schaam me zo",
    "ik heb dit nog nooit zo opgeschreven",
];
pub const FILLER_COUNSELLOR: &[&str] = &[
    "Neem gerust je tijd.",
    "Het is oké, schrijf het maar zoals het komt.",
    "Je hoeft je nergens voor te schamen.",
    "Ik ben er, je hoeft je niet te haasten.",
];
pub const STILL_THERE: &[&str] = &[
    "Ben je er nog?",
    "Ik ben er nog hoor. Lukt het?",
    "Ik wacht even op je.",
];
pub const STILL_HERE: &[&str] = &["ja sorry", "ja ben er nog", "sorry was even weg", "ja"];
pub const DONT_KNOW: &[&str] = &[
    "weet ik niet precies",
    "ik weet het niet",
    "geen idee eigenlijk",
    "dat weet ik niet meer",
];
pub const VISITOR_QUESTION: &[(&str, &str)] = &[
    (
        "gaan jullie nu de politie bellen?",
        "Nee, wij bellen niet zomaar de politie. Jij bepaalt wat er gebeurt, behalve als je leven direct in gevaar is.",
    ),
    (
        "is dit normaal?",
        "Nee, dit is niet normaal. Niemand mag je dwingen tot dingen die je niet wilt.",
    ),
    (
        "ben ik nu zelf ook strafbaar?",
        "Je wordt gedwongen, en dat is niet jouw schuld. We kunnen samen uitzoeken wat dit voor je betekent.",
    ),
    (
        "blijft dit echt tussen ons?",
        "Ja, de chat is anoniem. Ik weet niet wie je bent, tenzij je dat zelf vertelt.",
    ),
    (
        "wat kan ik doen?",
        "Dat gaan we samen bekijken, in jouw tempo. Er zijn verschillende mogelijkheden.",
    ),
];
pub const EMPATHY_OTHER: &[&str] = &[
    "Wat goed dat je je zorgen uitspreekt.",
    "Dat klinkt heel zorgelijk. Fijn dat je contact opneemt.",
    "Ik kan me voorstellen dat dit je bezighoudt.",
    "Dank je dat je dit vertelt, je doet er goed aan.",
    "Wat fijn dat {ik} iemand heeft die zo met {mij} meeleeft.",
    "Dat is veel om mee rond te lopen. Goed dat je het deelt.",
];

/// Perpetrator descriptions (the noun and a line that places them).
pub const PARTNER_NOUN: &[&str] = &[
    "{mijn} vriend",
    "{mijn} ex",
    "{mijn} vriendje",
    "de jongen met wie {ik} {v:ga}",
];
pub const PARTNER_NOUN_F: &[&str] = &["{mijn} vriendin", "{mijn} ex"];
pub const PARTNER_LINE: &[&str] = &[
    "in het begin was {hij} heel lief en kreeg {ik} cadeautjes",
    "{ik} {v:ben} al een tijd met {hem} samen",
    "{hij} {h:zegt} dat {hij} van {mij} houdt en dat dit normaal is",
    "{ik} {v:dacht} echt dat {hij} {mijn} vriend was",
];
pub const SOCIAL_FRIEND: &[&str] = &[
    "een vriend van {mij}",
    "een jongen die {ik} van school {v:ken}",
    "iemand uit {mijn} vriendengroep",
];
pub const SOCIAL_NETWORK: &[&str] = &[
    "een vriend van {mijn} broer",
    "een kennis van {mijn} ex",
    "een vriend van {mijn} nicht",
];
pub const SOCIAL_MEDIA: &[&str] = &[
    "iemand die {ik} alleen van internet {v:ken}",
    "een jongen van social media",
];
pub const SOCIAL_OTHER: &[&str] = &[
    "een buurman",
    "iemand van de sportclub",
    "een man die {ik} van vroeger {v:ken}",
];
pub const STRANGER: &[&str] = &[
    "een man die {ik} niet kende",
    "iemand die {ik} op straat tegenkwam",
    "een onbekende man",
];

pub const NICKNAME_LINE: &[&str] = &[
    "iedereen noemt {hem} {bijnaam}",
    "{hij} {h:heeft} een bijnaam, {bijnaam}",
    "op straat heet {hij} {bijnaam}",
];
pub const PLACE_LINE: &[&str] = &[
    "het gebeurt vaak bij {plek} in {stad}",
    "{ik} {v:woon} in de buurt van {stad}, het is meestal bij {plek}",
    "het is in {stad}, bij {plek}",
    "meestal moet {ik} naar {plek}, in {stad}",
    "{stad}. bij {plek}",
];

pub const MET_OFFLINE: &[&str] = &[
    "{ik} {v:heb} {hem} leren kennen op school",
    "{ik} {v:ken} {hem} van het uitgaan",
    "{ik} {v:heb} {hem} ontmoet op het station",
    "via de sportclub",
    "{hij} woonde bij {mij} in de straat",
    "op een feestje van een vriendin",
];
pub const MET_ONLINE: &[&str] = &[
    "{ik} {v:heb} {hem} leren kennen via {platform}",
    "{hij} stuurde {mij} een berichtje op {platform}",
    "online, op {platform}",
];

pub const DURATION: &[(&str, &[&str])] = &[
    (
        "lt_3m",
        &[
            "het is een paar weken geleden begonnen",
            "sinds een maand of twee",
            "nog niet zo lang, een paar weken",
        ],
    ),
    (
        "m3_12",
        &[
            "het gaat nu ongeveer een half jaar zo",
            "sinds een paar maanden",
            "al een maand of acht",
        ],
    ),
    (
        "y1_2",
        &[
            "al ruim een jaar",
            "het speelt nu anderhalf jaar",
            "sinds vorig jaar rond deze tijd",
        ],
    ),
    (
        "y2_5",
        &[
            "waarschijnlijk al een jaar of drie",
            "al een jaar of drie",
            "het gaat nu al vier jaar zo",
            "al ongeveer drie jaar",
        ],
    ),
    (
        "gt_5y",
        &[
            "al sinds {ik} klein {v:was}",
            "al meer dan vijf jaar",
            "al heel lang, zeker zes jaar",
        ],
    ),
    (
        "multiple_years",
        &[
            "al jaren",
            "al een paar jaar, ik weet niet precies hoelang",
            "echt al jaren, ik ben de tel kwijt",
        ],
    ),
];
pub const DURATION_PAST: &[(&str, &[&str])] = &[
    ("lt_3m", &["het heeft een paar weken geduurd"]),
    (
        "m3_12",
        &[
            "het heeft een maand of zes geduurd",
            "het duurde bijna een jaar",
        ],
    ),
    ("y1_2", &["het heeft ruim een jaar geduurd"]),
    ("y2_5", &["het heeft een jaar of drie geduurd"]),
    (
        "gt_5y",
        &[
            "het heeft meer dan vijf jaar geduurd",
            "het ging jarenlang door, vanaf dat {ik} klein {v:was}",
        ],
    ),
    ("multiple_years", &["het heeft jaren geduurd"]),
];
pub const TIME_SINCE: &[(&str, &[&str])] = &[
    (
        "ongoing",
        &[
            "het gebeurt nog steeds",
            "het is nu nog zo",
            "het is nog steeds bezig",
            "dit weekend moet {ik} weer",
        ],
    ),
    (
        "ended_lt_1y",
        &[
            "het is een paar maanden geleden gestopt",
            "sinds kort ben {ik} eruit",
            "sinds een maand of drie is het voorbij",
        ],
    ),
    (
        "ended_1_5y",
        &[
            "het is twee jaar geleden gestopt",
            "het is al een paar jaar voorbij",
            "sinds drie jaar is het gestopt",
        ],
    ),
    (
        "ended_gt_5y",
        &[
            "het is al lang geleden, meer dan vijf jaar",
            "het is al heel lang voorbij maar {ik} {v:denk} er nog elke dag aan",
            "het is meer dan tien jaar geleden gestopt",
        ],
    ),
];

pub const UNSAFE: &[&str] = &[
    "{ik} {v:ben} bang voor wat er gebeurt als {ik} niet {v:ga}",
    "{hij} {h:weet} waar {ik} {v:woon}",
    "{ik} {v:durf} niet naar huis",
    "nee niet echt veilig",
    "{hij} {h:controleert} alles, ook nu",
];
pub const SAFE: &[&str] = &[
    "nu wel, {ik} {v:ben} ergens anders",
    "{ik} {v:woon} nu ergens anders en {hij} {h:weet} niet waar",
    "op dit moment wel ja",
];

pub const TOLD_FIRST: &[&str] = &[
    "ik heb dit nog nooit aan iemand verteld",
    "jullie zijn de eerste die dit weten",
    "niemand weet dit",
    "dit is de eerste keer dat ik het opschrijf",
];
pub const TOLD_BEFORE: &[&str] = &[
    "mijn beste vriendin weet het",
    "ik heb het al eens aan een juf verteld",
    "mijn moeder weet een beetje",
    "ik heb het eerder aan mijn mentor verteld maar er gebeurde niks",
];

pub const MULTI_PERP: &[&str] = &[
    "het zijn er meer, {hij} {h:heeft} vrienden die meedoen",
    "er zijn nog twee jongens die het regelen",
    "{hij} {h:doet} het samen met een vriend",
    "het is een groepje, niet alleen {hij}",
];
pub const MULTI_PERP_PARENTS: &str = "ze doen het samen, allebei";
pub const SINGLE_PERP: &[&str] = &[
    "het is alleen {hij}",
    "nee, alleen {hij} voor zover ik weet",
    "{hij} {h:doet} het alleen",
];
pub const MULTI_VICTIM: &[&str] = &[
    "er zijn meer meisjes die dit moeten",
    "ik weet dat een vriendin het ook moet",
    "er is nog iemand in hetzelfde huis",
    "ik ben niet de enige, er zijn er meer",
    "er zijn waarschijnlijk nog meer meisjes bij {hem}",
];

pub const COERCION: &[(&str, &[&str])] = &[
    (
        "sextortion",
        &[
            "{hij} {h:heeft} naaktfoto's van {mij} en {h:dreigt} ze rond te sturen",
            "als {ik} niet {v:ga} stuurt {hij} de filmpjes naar {mijn} familie",
            "{hij} {h:heeft} beelden van {mij}, daarom {v:doe} {ik} wat {hij} {h:zegt}",
        ],
    ),
    (
        "substance",
        &[
            "{hij} {h:geeft} {mij} drugs en nu {v:heb} {ik} het nodig",
            "{ik} {v:gebruik} en {hij} {h:zorgt} dat {ik} het {v:krijg}",
            "{ik} {v:drink} veel en {hij} {h:houdt} {mij} zo aan de praat",
        ],
    ),
    (
        "lvb",
        &[
            "{ik} {v:heb} lvb, {ik} {v:snap} niet altijd alles",
            "{ik} {v:heb} een licht verstandelijke beperking zeggen ze",
            "{ik} {v:zit} op praktijkonderwijs en het lezen gaat moeilijk",
        ],
    ),
    (
        "age_gap",
        &[
            "{hij} {h:is} veel ouder dan {ik}",
            "{hij} {h:is} echt volwassen, {ik} {v:ben} nog maar jong",
            "{hij} {h:is} zeker tien jaar ouder",
        ],
    ),
    (
        "cohabiting",
        &[
            "{ik} {v:woon} bij {hem} en als {ik} niet {v:meedoe} {v:moet} {ik} eruit",
            "{ik} {v:kan} nergens anders heen, {ik} {v:woon} daar",
            "als {ik} nee {v:zeg} {v:sta} {ik} op straat",
        ],
    ),
    (
        "cohabiting_parent",
        &[
            "{ik} {v:woon} gewoon thuis, {ik} {v:kan} nergens anders heen",
            "het gebeurt thuis, waar {ik} {v:woon}",
            "{ik} {v:ben} nog te jong om weg te gaan van thuis",
        ],
    ),
    (
        "financial",
        &[
            "{ik} {v:heb} geen eigen geld, {hij} {h:betaalt} alles, ook eten",
            "{ik} {v:heb} schulden bij {hem} zegt {hij}",
            "zonder {hem} {v:heb} {ik} geen dak boven {mijn} hoofd",
        ],
    ),
    (
        "other",
        &[
            "{hij} {h:heeft} {mijn} id-kaart afgepakt",
            "{hij} {h:zegt} dat {hij} {mijn} familie iets aandoet",
            "{hij} {h:heeft} {mijn} telefoon en wachtwoorden",
        ],
    ),
];
pub const VIOLENCE_PLAIN: &[&str] = &[
    "{hij} {h:wordt} boos en gewelddadig als {ik} niet wil",
    "{hij} {h:doet} {mij} pijn als {ik} nee {v:zeg}",
];
pub const VIOLENCE: &[(&str, &[&str])] = &[
    (
        "sexual",
        &[
            "{hij} {h:dwingt} {mij} ook zelf tot seks",
            "{hij} {h:doet} zelf ook dingen met {mij} die {ik} niet {v:wil}",
        ],
    ),
    (
        "physical",
        &[
            "{hij} {h:slaat} {mij} als {ik} nee {v:zeg}",
            "{ik} {v:heb} blauwe plekken van {hem}",
            "{hij} {h:heeft} {mij} een keer tegen de muur geduwd",
        ],
    ),
    (
        "verbal",
        &[
            "{hij} {h:scheldt} {mij} uit",
            "{hij} {h:noemt} {mij} waardeloos",
            "{hij} {h:schreeuwt} de hele tijd tegen {mij}",
        ],
    ),
    (
        "psychological",
        &[
            "{hij} {h:controleert} {mijn} telefoon en {ik} {v:mag} niemand zien",
            "{hij} {h:zegt} dat niemand {mij} gelooft",
            "{hij} {h:maakt} {mij} bang met wat {hij} allemaal weet",
        ],
    ),
];

pub const CRIME: &[(&str, &[&str])] = &[
    (
        "drugs",
        &[
            "{ik} {v:moet} pakketjes met drugs wegbrengen",
            "{ik} {v:moet} dealen voor {hem}, op straat en bij school",
            "{ik} {v:moet} drugs vervoeren naar andere steden",
        ],
    ),
    (
        "theft",
        &[
            "{ik} {v:moet} spullen stelen uit winkels",
            "ze sturen {mij} eropuit om te jatten",
        ],
    ),
    (
        "money_laundering",
        &[
            "{ik} {v:moest} {mijn} bankpas afgeven en er komt steeds geld op {mijn} rekening",
            "{ik} {v:moet} geld pinnen dat niet van {mij} is",
        ],
    ),
    (
        "recruitment",
        &[
            "{ik} {v:moet} andere meisjes meenemen naar {hem}",
            "{hij} {h:wil} dat {ik} vriendinnen {v:overhaal} om ook mee te doen",
        ],
    ),
    (
        "other",
        &[
            "{ik} {v:moet} dingen voor ze bewaren in {mijn} kamer",
            "{ik} {v:moet} soms dingen wegbrengen, ik weet niet eens wat",
        ],
    ),
];

pub const ONSET: &[(&str, &[&str])] = &[
    (
        "sexual_first",
        &["eerst moest {ik} alleen met mannen afspreken, later kwam de rest erbij"],
    ),
    (
        "criminal_first",
        &["eerst was het alleen dingen wegbrengen, later moest {ik} ook met mannen mee"],
    ),
    (
        "simultaneous",
        &["het begon allemaal tegelijk, de mannen en de rest"],
    ),
];

pub const CLIENT: &[(&str, &[&str])] = &[
    (
        "very_young",
        &[
            "{ik} {v:was} {begin} toen de eerste mannen kwamen",
            "de eerste keer was {ik} pas {begin}",
        ],
    ),
    (
        "trafficker_present",
        &[
            "{dader} {h:is} er altijd bij als die mannen er zijn",
            "{dader} {h:blijft} in de kamer ernaast als er iemand is",
        ],
    ),
    (
        "parent_trafficker",
        &[
            "{dader} {h:regelt} de afspraken en die mannen betalen aan {hem}",
            "de mannen geven het geld aan {dader}, ze weten dat {ik} {zijn} kind {v:ben}",
        ],
    ),
    (
        "violence",
        &[
            "sommige klanten doen {mij} echt pijn",
            "een klant heeft {mij} geslagen",
            "een paar van die mannen zijn heel ruw",
        ],
    ),
    (
        "filmed",
        &[
            "een klant heeft het gefilmd",
            "een van die mannen maakte er filmpjes van",
        ],
    ),
    (
        "refusal_ignored",
        &[
            "{ik} zei nee maar hij ging gewoon door",
            "{ik} {v:huilde} maar dat maakte niet uit voor die man",
        ],
    ),
];
pub const CLIENT_KNEW: &[&str] = &[
    "die mannen weten heus wel dat {ik} het niet {v:wil}",
    "de klanten weten hoe oud {ik} {v:ben}",
    "ze zien toch dat {ik} het niet vrijwillig {v:doe}",
];
pub const CLIENT_SHOULD: &[&str] = &[
    "het zijn vaak vrienden van {dader}, die moeten toch zien hoe jong {ik} {v:ben}",
    "ik denk dat die mannen het wel doorhebben maar ik weet het niet zeker",
];

pub const REFERRAL: &[(&str, &[&str])] = &[
    (
        "care_professional",
        &[
            "mijn psycholoog zei dat ik hier kon chatten",
            "de huisarts gaf me deze site",
            "via mijn maatschappelijk werker",
        ],
    ),
    (
        "kindertelefoon",
        &[
            "de kindertelefoon zei dat ik jullie moest proberen",
            "via de kindertelefoon",
        ],
    ),
    (
        "care_other",
        &[
            "via het jongerenwerk",
            "iemand van een andere hulporganisatie gaf me de link",
        ],
    ),
    (
        "search_engine",
        &[
            "ik heb gegoogled",
            "gezocht op internet en toen kwam ik hier",
            "via google",
        ],
    ),
    (
        "media",
        &[
            "ik zag een filmpje over jullie",
            "ik las er iets over in de krant",
            "ik zag een campagne op tv",
        ],
    ),
    (
        "social_circle",
        &[
            "een vriendin zei dat ik jullie moest proberen",
            "mijn zus gaf me de site",
        ],
    ),
    (
        "partner_website",
        &[
            "via de site van het centrum seksueel geweld",
            "ik kwam via de website van het csg",
        ],
    ),
    ("other", &["ik zag een poster", "ergens een kaartje gezien"]),
];

pub const RETURNING: &[&str] = &[
    "ik heb hier al eerder gechat onder een andere naam",
    "ik was hier vorige keer ook, met een andere naam",
    "hoi ik ben het weer, van laatst",
    "misschien weten jullie het nog, ik had het over {stad}",
];
pub const RETURNING_UPDATE: &[&str] = &[
    "het is nog steeds hetzelfde",
    "ik zit nog steeds in {stad}, bij {plek}",
    "er is niks veranderd sinds de vorige keer",
    "het is erger geworden sinds vorige keer",
];
pub const RETURNING_UPDATE_PERP: &[&str] = &[
    "het is nog steeds hetzelfde met {dader}",
    "{bijnaam} heeft weer contact gezocht",
    "{dader} {h:weet} nu dat ik met iemand praat",
];

pub const ADVICE: &[&str] = &[
    "Wat je vertelt is ernstig en het is niet jouw schuld. Fier kan met je meedenken over hulp en een veilige plek.",
    "Als je wilt, kan ik uitleggen welke hulp er is. Je bepaalt zelf wat je doet.",
    "Je kunt altijd terugkomen op de chat, ook als je nog niet weet wat je wilt.",
    "Het is goed dat je dit hebt verteld. We kunnen samen kijken naar een volgende stap.",
    "Wil je dat ik je vertel wat een gesprek met een hulpverlener van Fier inhoudt?",
    "Je staat er niet alleen voor. Als je wilt, kunnen we samen een eerste stap bedenken.",
    "Er zijn mensen die je kunnen helpen om hieruit te komen, in jouw tempo.",
];
pub const ADVICE_ACUTE: &[&str] = &[
    "Als je direct in gevaar bent, bel dan 112.",
    "Je veiligheid gaat voor. Als het nodig is, kun je altijd 112 bellen.",
    "We kunnen vandaag nog kijken naar een veilige plek voor je, als je dat wilt.",
];
pub const ADVICE_ACUTE_OTHER: &[&str] = &[
    "Als er direct gevaar is, bel dan 112.",
    "Is er acuut gevaar, bel dan 112. Fier kan ook met spoed meedenken over een veilige plek.",
];
pub const ADVICE_OTHER: &[&str] = &[
    "Wat goed dat je er voor {mij} bent. Probeer contact te houden zonder te pushen.",
    "Je kunt {mij} de chat laten weten, dan kan {ik} zelf ook anoniem met ons praten.",
    "Als er direct gevaar is, bel dan 112. Voor advies over hoe je {mij} kunt steunen, kun je hier altijd terugkomen.",
];
pub const THANKS: &[&str] = &[
    "oke dankjewel",
    "dankje",
    "ik ga erover nadenken",
    "oke. ik kom misschien nog terug",
    "thnx",
    "dank je voor het luisteren",
    "ik ga even nadenken",
    "mag ik misschien later terugkomen?",
    "ik moet nu stoppen",
    "hij komt eraan ik moet gaan",
];
pub const GOODBYE: &[&str] = &[
    "Dank je wel voor je vertrouwen. Je bent altijd welkom.",
    "Zorg goed voor jezelf. Je kunt altijd terugkomen.",
    "Succes, en fijn dat je er was. De chat is er voor je.",
    "Dank je. Pas goed op jezelf.",
];

/// Excluded cases: what they talk about instead (no trafficking phrase).
pub const EXCLUDED: &[(&str, &[&str])] = &[
    (
        "other_sexual_violence",
        &[
            "toen ik 14 was heeft een jongen van school iets bij me gedaan wat ik niet wilde",
            "ik ben op een feest aangerand en ik krijg het niet uit mijn hoofd",
            "mijn ex deed dingen bij me terwijl ik nee zei",
            "iemand uit mijn familie heeft me vroeger misbruikt en ik wil erover praten",
            "ik ben vorig jaar verkracht en ik heb het nooit gemeld",
            "na een date is er iets gebeurd wat ik niet wilde en ik weet niet of het verkrachting was",
            "mijn stiefbroer kwam vroeger vaak op mijn kamer en ik kan er niet meer van slapen",
        ],
    ),
    (
        "sextortion_only",
        &[
            "iemand op snap heeft foto's van me en zegt dat hij ze doorstuurt als ik er niet meer stuur",
            "een jongen dreigt mijn naaktfoto's online te zetten als ik niet betaal",
            "ik heb een filmpje van mezelf gestuurd en nu word ik gechanteerd",
            "iemand die ik online ken wil dat ik meer foto's stuur anders deelt hij de oude",
            "er staat een filmpje van mij online en ik wil dat het weg is",
            "een account dreigt met mijn foto's, hij wil dat ik meer stuur",
        ],
    ),
    (
        "financial_or_extortion",
        &[
            "mijn ex heeft leningen op mijn naam afgesloten",
            "ik word afgeperst door iemand die zegt dat ik hem geld schuldig ben",
            "ik heb veel schulden en iemand dreigt mij als ik niet betaal",
            "mijn vriend neemt al mijn geld af en ik kom niks meer rond",
            "iemand heeft mijn rekening leeggehaald en dreigt me als ik iets zeg",
            "ik heb een lening afgesloten voor mijn ex en nu moet ik alles betalen",
        ],
    ),
    (
        "other",
        &[
            "ik heb al weken ruzie met mijn ouders en ik weet niet meer wat ik moet doen",
            "ik voel me al een tijd heel somber",
            "ik wil weten of jullie ook stageplekken hebben",
            "ik word gepest op school en ik wil niet meer naar school",
            "mijn vriendin komt niet meer naar school en ik weet niet waarom",
            "ik wil een werkstuk maken over hulp aan jongeren, mag ik iets vragen?",
            "ik zit niet lekker in mijn vel en weet niet waar ik moet beginnen",
        ],
    ),
];
pub const EXCLUDED_FOLLOW: &[(&str, &[&str])] = &[
    (
        "other_sexual_violence",
        &[
            "ik schaam me er zo voor",
            "ik weet niet of ik aangifte moet doen",
            "ik slaap er slecht van",
        ],
    ),
    (
        "sextortion_only",
        &[
            "ik durf het niet aan mijn ouders te vertellen",
            "wat moet ik doen, moet ik gewoon niet reageren?",
            "ik ben zo bang dat iedereen het ziet",
        ],
    ),
    (
        "financial_or_extortion",
        &[
            "ik weet niet hoe ik eruit kom",
            "mag dat zomaar?",
            "ik durf niet naar de politie",
        ],
    ),
    (
        "other",
        &[
            "ik wist niet waar ik anders heen moest",
            "misschien zit ik hier verkeerd",
            "ik wil gewoon even mijn verhaal kwijt",
        ],
    ),
];
pub const EXCLUDED_ASK: &[&str] = &[
    "Dank je dat je het vertelt. Kun je er iets meer over zeggen?",
    "Wat vervelend dat je dit meemaakt. Wat zou je nu het meeste helpen?",
    "Ik hoor je. Hoe gaat het nu met je?",
];
pub const EXCLUDED_ADVICE: &[(&str, &[&str])] = &[
    (
        "other_sexual_violence",
        &[
            "Wat je is overkomen is niet jouw schuld. Het Centrum Seksueel Geweld kan je hierbij helpen, ook als het langer geleden is.",
            "Je kunt er bij het Centrum Seksueel Geweld over praten en samen kijken of je een melding wilt doen.",
        ],
    ),
    (
        "sextortion_only",
        &[
            "Je hoeft niet te betalen en niet meer te sturen. Bewaar de berichten en blokkeer de persoon. Helpwanted kan je helpen om beelden offline te krijgen.",
            "Dit heet sextortion en het is strafbaar. Je kunt hulp krijgen bij Helpwanted en je kunt aangifte doen.",
        ],
    ),
    (
        "financial_or_extortion",
        &[
            "Voor geldzorgen kun je terecht bij de schuldhulpverlening van je gemeente. Het Juridisch Loket kan uitleggen wat je rechten zijn.",
            "Afpersing is strafbaar. Je kunt aangifte doen, en voor je geldzaken kun je hulp krijgen via je gemeente.",
        ],
    ),
    (
        "other",
        &[
            "Fijn dat je het vertelt. Voor wat je beschrijft kun je ook terecht bij de huisarts of bij jongerenwerk in je buurt.",
            "Dank je voor je bericht. Ik denk dat een andere hulplijn je hier beter kan helpen, zoals de Kindertelefoon of je huisarts.",
        ],
    ),
];

/// English chats (language `other`).
pub const EN_GREETING: &[&str] = &[
    "hello",
    "hi, do you speak english?",
    "hi sorry my dutch is not good",
];
pub const EN_WELCOME: &str = "Hi, of course, we can chat in English. I am a counsellor at Fier. What would you like to talk about?";
pub const EN_HOOK: &[&str] = &[
    "my boyfriend makes me meet other men for money and he keeps the money",
    "someone forces me to have sex with men who pay him",
    "i have to go to appointments with men and i cannot say no",
];
pub const EN_AGE: &[&str] = &["i am {leeftijd}", "{leeftijd} years old", "im {leeftijd}"];
pub const EN_AGE_CORRECTION: &[&str] = &[
    "sorry i filled in {fout} but i am {leeftijd}",
    "i wrote {fout} before, i am really {leeftijd}",
];
pub const EN_ASK_AGE: &str = "Thank you for telling me. May I ask how old you are?";
pub const EN_UNSAFE: &[&str] = &[
    "i am scared what he does if i stop",
    "he knows where i live",
];
pub const EN_SAFE: &[&str] = &["right now i am safe, i live somewhere else"];
pub const EN_ASK_SAFE: &str = "Are you in a safe place right now?";
pub const EN_ADVICE: &str = "What you describe is serious and it is not your fault. Fier can help you, also in English. If you are in danger right now, call 112.";
pub const EN_THANKS: &[&str] = &[
    "thank you",
    "ok thanks, i will think about it",
    "thanks for listening",
];
pub const EN_GOODBYE: &str = "Take care. You can always come back to this chat.";
