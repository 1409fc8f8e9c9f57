//! The HTML pages (plain format strings) and the static files, embedded in the binary.
//!
//! Pages carry no inline script or style (the CSP forbids both). Texts are
//! written in Dutch with their English in `data-en`; `chat.js` and
//! `console.js` switch between them.

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use zicht_store::Session;

use crate::App;
use crate::config::{Channel, Config};
use crate::console::REFERRALS;

const CHAT_JS: &str = include_str!("../assets/chat.js");
const CONSOLE_JS: &str = include_str!("../assets/console.js");
const LOGIN_JS: &str = include_str!("../assets/login.js");
const STYLE_CSS: &str = include_str!("../assets/style.css");
const ICON_SVG: &str = include_str!("../assets/icon.svg");

pub fn static_routes() -> Router<App> {
    fn file(ct: &'static str, body: &'static str) -> impl IntoResponse + Clone {
        ([(header::CONTENT_TYPE, ct)], body)
    }
    Router::new()
        .route(
            "/static/chat.js",
            get(|| async { file("text/javascript; charset=utf-8", CHAT_JS) }),
        )
        .route(
            "/static/console.js",
            get(|| async { file("text/javascript; charset=utf-8", CONSOLE_JS) }),
        )
        .route(
            "/static/login.js",
            get(|| async { file("text/javascript; charset=utf-8", LOGIN_JS) }),
        )
        .route(
            "/static/style.css",
            get(|| async { file("text/css; charset=utf-8", STYLE_CSS) }),
        )
        .route(
            "/static/icon.svg",
            get(|| async { file("image/svg+xml", ICON_SVG) }),
        )
}

/// Escapes text for HTML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A text element in Dutch with its English in `data-en`.
pub(crate) fn t(tag: &str, attrs: &str, nl: &str, en: &str) -> String {
    format!("<{tag}{attrs} data-en=\"{}\">{}</{tag}>", esc(en), esc(nl))
}

/// A text of the visitor's page in Dutch ("je"), its formal Dutch ("u") in `data-u` and its
/// English in `data-en`: `chat.js` shows the formal one once the counsellor chose "u" for the
/// chat (fix43, finding 5). On a channel that addresses its visitors as "u" from the start
/// (`formal`, fix45 finding 3) the page is written with the formal text and keeps the informal
/// one in `data-nl`, so that it reads right before the script runs and the counsellor's "je"
/// still switches it.
fn tu(tag: &str, attrs: &str, nl: &str, u: &str, en: &str, formal: bool) -> String {
    if formal {
        format!(
            "<{tag}{attrs} data-nl=\"{}\" data-u=\"{}\" data-en=\"{}\">{}</{tag}>",
            esc(nl),
            esc(u),
            esc(en),
            esc(u)
        )
    } else {
        format!(
            "<{tag}{attrs} data-u=\"{}\" data-en=\"{}\">{}</{tag}>",
            esc(u),
            esc(en),
            esc(nl)
        )
    }
}

fn head(title: &str, script: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"robots\" content=\"noindex, nofollow\">\n\
         <title>{}</title>\n<link rel=\"icon\" href=\"/static/icon.svg\">\n\
         <link rel=\"stylesheet\" href=\"/static/style.css\">\n\
         <script src=\"/static/{script}\" defer></script>\n</head>\n",
        esc(title)
    )
}

const DAYS: [(&str, &str); 7] = [
    ("maandag", "Monday"),
    ("dinsdag", "Tuesday"),
    ("woensdag", "Wednesday"),
    ("donderdag", "Thursday"),
    ("vrijdag", "Friday"),
    ("zaterdag", "Saturday"),
    ("zondag", "Sunday"),
];

fn hours_table(ch: &Channel) -> String {
    let mut rows = String::new();
    for ((_, spec), (nl, en)) in ch.hours.days().iter().zip(DAYS) {
        let when = if spec.trim().is_empty() {
            t("td", "", "gesloten", "closed")
        } else {
            format!("<td>{}</td>", esc(&spec.replace('-', " – ")))
        };
        rows.push_str(&format!(
            "<tr>{}{when}</tr>",
            t("th", " scope=\"row\"", nl, en)
        ));
    }
    format!("<table class=\"hours\">{rows}</table>")
}

fn emergency_list(config: &Config) -> String {
    let items: String = config
        .emergency
        .iter()
        .map(|e| {
            let tel: String = e.number.chars().filter(char::is_ascii_digit).collect();
            format!(
                "<li>{} <a href=\"tel:{tel}\">{}</a></li>",
                t("span", "", &e.name.nl, &e.name.en),
                esc(&e.number)
            )
        })
        .collect();
    format!("<ul class=\"emergency\">{items}</ul>")
}

/// The visitor's chat page for one channel; `open_elsewhere`: the other
/// channels open now, pointed to while this one is closed.
pub fn chat(config: &Config, ch: &Channel, open: bool, open_elsewhere: &[&Channel]) -> String {
    let elsewhere: String = open_elsewhere
        .iter()
        .map(|o| {
            format!(
                "<p class=\"elsewhere\">{} <a href=\"/chat/{}\">{}</a></p>",
                t(
                    "span",
                    "",
                    &format!("{} is nu wel open.", o.name.nl),
                    &format!("{} is open now.", o.name.en)
                ),
                esc(&o.code),
                t(
                    "span",
                    "",
                    &format!("Naar {}", o.name.nl),
                    &format!("Go to {}", o.name.en)
                )
            )
        })
        .collect();
    let gender = |value: &str, nl: &str, en: &str, checked: bool| {
        format!(
            "<label class=\"choice\"><input type=\"radio\" name=\"gender\" value=\"{value}\"{}> {}</label>",
            if checked { " checked" } else { "" },
            t("span", "", nl, en)
        )
    };
    // How the page addresses the visitor until the counsellor chooses: "u" on a channel
    // configured so (CSG, fix45 finding 3), else "je".
    let formal = ch.formal();
    let tu =
        |tag: &str, attrs: &str, nl: &str, u: &str, en: &str| tu(tag, attrs, nl, u, en, formal);
    format!(
        "{head}<body class=\"visitor\" data-channel=\"{code}\" data-formal=\"{formal}\" data-exit=\"{exit}\" data-open=\"{open}\" data-max=\"{max}\" data-ping=\"{ping}\">\n\
<header class=\"bar\">\n\
<button type=\"button\" id=\"exit\" class=\"exit\" data-en=\"Leave now\" aria-describedby=\"exit-hint\">Snel weg</button>\n\
<span class=\"brand\">{name}</span>\n\
<button type=\"button\" id=\"lang\" class=\"quiet\" lang=\"en\" data-en=\"Nederlands\">English</button>\n\
</header>\n<main id=\"main\">\n\
{exit_hint}\n<p id=\"exit-status\" class=\"hint\" role=\"status\" aria-live=\"polite\"></p>\n\
<p id=\"conn\" class=\"conn\" role=\"status\"></p>\n\
<section id=\"closed\" hidden>\n{closed_h}\n{elsewhere}\n{closed_p}\n{hours}\n{emerg_h}\n{emergency}\n</section>\n\
<section id=\"intake\" hidden>\n{welcome_h}\n{welcome_p}\n\
<p class=\"urgent\">{urgent} <a href=\"tel:112\">112</a></p>\n\
<form id=\"intake-form\" novalidate>\n\
<div class=\"field\"><label for=\"username\">{l_user}</label>\n\
<input id=\"username\" name=\"username\" autocomplete=\"off\" autocapitalize=\"off\" spellcheck=\"false\" maxlength=\"24\" required aria-describedby=\"username-help username-hint username-error\">\n\
{user_help}\n<p id=\"username-hint\" class=\"warn\" aria-live=\"polite\"></p>\n<p id=\"username-error\" class=\"error\" aria-live=\"assertive\"></p></div>\n\
<div class=\"field\"><label for=\"age\">{l_age}</label>\n\
<input id=\"age\" name=\"age\" inputmode=\"numeric\" autocomplete=\"off\" maxlength=\"2\" aria-describedby=\"age-hint age-error\">\n\
<p id=\"age-hint\" class=\"warn\" aria-live=\"polite\"></p>\n<p id=\"age-error\" class=\"error\" aria-live=\"assertive\"></p></div>\n\
<fieldset class=\"field\"><legend>{l_gender}</legend>\n{g1}{g2}{g3}{g4}</fieldset>\n\
<p id=\"intake-error\" class=\"error\" aria-live=\"assertive\"></p>\n\
<button type=\"submit\" class=\"primary\" data-en=\"Start the chat\">Start de chat</button>\n</form>\n\
{safe_h}\n{safe_p}\n{emerg_h2}\n{emergency}\n</section>\n\
<section id=\"queue\" hidden>\n{queue_h}\n<p id=\"position\" class=\"position\" aria-live=\"polite\"></p>\n<p id=\"estimate\" class=\"help\"></p>\n<p id=\"young\" class=\"warn\"></p>\n{queue_nobody}\n{queue_p}\n{queue_p2}\n\
<div class=\"breathe\" aria-hidden=\"true\"></div>\n{emerg_h2}\n{emergency}\n</section>\n\
<section id=\"chat\" hidden>\n<h1 class=\"sr-only\" data-en=\"Chat\">Chat</h1>\n<p id=\"status\" class=\"status\" aria-live=\"polite\"></p>\n\
<ol id=\"messages\" class=\"messages\" tabindex=\"0\" aria-live=\"polite\" aria-label=\"Berichten\" data-en-label=\"Messages\"></ol>\n\
<p id=\"typing\" class=\"typing\" aria-live=\"polite\" hidden></p>\n\
<p id=\"quiet\" class=\"typing\" aria-live=\"polite\" hidden></p>\n\
<form id=\"send-form\" class=\"composer\">\n<label for=\"text\" class=\"sr-only\" data-u=\"Uw bericht\" data-en=\"Your message\">Je bericht</label>\n\
<textarea id=\"text\" rows=\"2\" maxlength=\"{max}\" autocomplete=\"off\"></textarea>\n\
<button type=\"submit\" class=\"primary\" data-en=\"Send\">Verstuur</button>\n</form>\n\
<button type=\"button\" id=\"end\" class=\"quiet end\" data-en=\"End the chat\">Chat beëindigen</button>\n\
<div id=\"end-confirm\" class=\"confirm\" role=\"alertdialog\" aria-labelledby=\"end-confirm-q\" aria-describedby=\"end-confirm-d\" hidden>\n\
<p id=\"end-confirm-q\" class=\"q\" data-u=\"Wilt u de chat beëindigen?\" data-en=\"Do you want to end the chat?\">Wil je de chat beëindigen?</p>\n\
<p id=\"end-confirm-d\" class=\"help\" data-u=\"U kunt het gesprek daarna nog teruglezen.\" data-en=\"You can still read the conversation afterwards.\">Je kunt het gesprek daarna nog teruglezen.</p>\n\
<button type=\"button\" id=\"end-yes\" class=\"danger\" data-en=\"Yes, end the chat\">Ja, beëindigen</button>\n\
<button type=\"button\" id=\"end-no\" data-en=\"No, keep chatting\">Nee, verder chatten</button>\n</div>\n\
<details class=\"numbers\"><summary data-en=\"In danger? Emergency numbers\">In gevaar? Hulpnummers</summary>\n{emergency}\n</details>\n</section>\n\
<section id=\"ended\" hidden>\n{ended_h}\n<p id=\"ended-reason\" class=\"position\"></p>\n{ended_p}\n{ended_keep}\n{emergency}\n\
<button type=\"button\" id=\"again\" class=\"primary\" data-en=\"Start a new chat\">Nieuwe chat starten</button>\n</section>\n\
<noscript><p>{noscript}</p></noscript>\n</main>\n</body>\n</html>\n",
        head = head(&ch.name.nl, "chat.js"),
        code = esc(&ch.code),
        formal = if formal { "1" } else { "0" },
        exit = esc(&config.neutral_site),
        open = if open { "1" } else { "0" },
        max = config.limits.max_message_chars,
        ping = config.limits.visitor_ping().as_millis().max(1000),
        name = t("span", "", &ch.name.nl, &ch.name.en),
        exit_hint = tu(
            "p",
            " id=\"exit-hint\" class=\"hint\"",
            "Moet je snel weg? Klik op ‘Snel weg’ of druk 3 keer op Shift. Deze chat verdwijnt dan van je scherm.",
            "Moet u snel weg? Klik op ‘Snel weg’ of druk 3 keer op Shift. Deze chat verdwijnt dan van uw scherm.",
            "Need to leave quickly? Click ‘Leave now’ or press Shift 3 times. This chat then disappears from your screen."
        ),
        closed_h = t("h1", "", "De chat is nu gesloten", "The chat is closed now"),
        closed_p = tu(
            "p",
            "",
            "Je kunt chatten op deze tijden:",
            "U kunt chatten op deze tijden:",
            "You can chat at these times:"
        ),
        hours = hours_table(ch),
        emerg_h = t("h2", "", "Hulp nodig nu?", "Need help now?"),
        emergency = emergency_list(config),
        welcome_h = tu(
            "h1",
            "",
            "Welkom. Je bent hier anoniem.",
            "Welkom. U bent hier anoniem.",
            "Welcome. You are anonymous here."
        ),
        welcome_p = tu(
            "p",
            "",
            "Je praat met een hulpverlener. We vragen niet je naam, en we bewaren geen gegevens over je telefoon of computer.",
            "U praat met een hulpverlener. We vragen niet uw naam, en we bewaren geen gegevens over uw telefoon of computer.",
            "You will talk with a counsellor. We do not ask your name, and we keep no data about your phone or computer."
        ),
        l_user = t("span", "", "Bijnaam (verplicht)", "Nickname (required)"),
        user_help = tu(
            "p",
            " id=\"username-help\" class=\"help\"",
            "Kies een bijnaam, niet je echte of volledige naam. 2 tot 24 tekens: letters, cijfers, spaties of _ - .",
            "Kies een bijnaam, niet uw echte of volledige naam. 2 tot 24 tekens: letters, cijfers, spaties of _ - .",
            "Choose a nickname, not your real or full name. 2 to 24 characters: letters, digits, spaces or _ - ."
        ),
        l_age = tu(
            "span",
            "",
            "Leeftijd (mag je leeg laten)",
            "Leeftijd (mag u leeg laten)",
            "Age (you may leave this empty)"
        ),
        l_gender = tu(
            "span",
            "",
            "Ik ben (mag je leeg laten)",
            "Ik ben (mag u leeg laten)",
            "I am (you may leave this empty)"
        ),
        g1 = gender("vrouw", "vrouw", "female", false),
        g2 = gender("man", "man", "male", false),
        g3 = gender("neutraal", "neutraal / anders", "neutral / other", false),
        g4 = gender("", "zeg ik liever niet", "rather not say", true),
        queue_h = t("h1", "", "Even wachten…", "Just a moment…"),
        // Said only while no counsellor is available for the channel (the server's one bit
        // `nobody`); then "Er komt zo een hulpverlener bij je" and the time are not said
        // (walk41, finding 1).
        queue_nobody = tu(
            "p",
            " id=\"nobody\" class=\"warn\" hidden",
            "Er is op dit moment geen hulpverlener beschikbaar. Je mag blijven wachten: zodra er iemand is, gaat de chat hier vanzelf verder. Ben je in gevaar of kan het niet wachten? Bel dan een van de nummers hieronder, bij \"Direct hulp nodig?\".",
            "Er is op dit moment geen hulpverlener beschikbaar. U mag blijven wachten: zodra er iemand is, gaat de chat hier vanzelf verder. Bent u in gevaar of kan het niet wachten? Bel dan een van de nummers hieronder, bij \"Direct hulp nodig?\".",
            "No counsellor is available at the moment. You may keep waiting: as soon as someone is there, the chat continues here by itself. Are you in danger, or can it not wait? Then call one of the numbers below, under \"Need help right away?\"."
        ),
        queue_p = tu(
            "p",
            " id=\"queue-soon\"",
            "Er komt zo een hulpverlener bij je. Je hoeft niets te doen; dit scherm gaat vanzelf verder.",
            "Er komt zo een hulpverlener bij u. U hoeft niets te doen; dit scherm gaat vanzelf verder.",
            "A counsellor will be with you soon. You don't need to do anything; this screen moves on by itself."
        ),
        queue_p2 = tu(
            "p",
            " class=\"help\"",
            "Adem rustig in en uit. Zodra een hulpverlener er is, opent de chat hier vanzelf en kun je typen.",
            "Adem rustig in en uit. Zodra een hulpverlener er is, opent de chat hier vanzelf en kunt u typen.",
            "Breathe in and out calmly. As soon as a counsellor is there, the chat opens here by itself and you can type."
        ),
        ended_h = t("h2", "", "De chat is beëindigd", "The chat has ended"),
        ended_keep = tu(
            "p",
            " class=\"help\"",
            "Je kunt het gesprek hierboven nog teruglezen. Het verdwijnt als je deze pagina sluit of een nieuwe chat start.",
            "U kunt het gesprek hierboven nog teruglezen. Het verdwijnt als u deze pagina sluit of een nieuwe chat start.",
            "You can still read the conversation above. It disappears when you close this page or start a new chat."
        ),
        safe_h = t("h2", "", "Veilig chatten", "Chatting safely"),
        urgent = t(
            "span",
            "",
            "In direct gevaar? Bel",
            "In immediate danger? Call"
        ),
        safe_p = tu(
            "p",
            " class=\"help\"",
            "Chat het liefst in een privévenster (incognito). Of wis daarna je browsergeschiedenis, zodat niemand kan zien dat je hier was.",
            "Chat het liefst in een privévenster (incognito). Of wis daarna uw browsergeschiedenis, zodat niemand kan zien dat u hier was.",
            "Preferably chat in a private (incognito) window. Or clear your browser history afterwards, so nobody can see you were here."
        ),
        emerg_h2 = t("h2", "", "Direct hulp nodig?", "Need help right away?"),
        ended_p = tu(
            "p",
            "",
            "Dank je wel dat je er was. Je kunt altijd terugkomen.",
            "Dank u wel dat u er was. U kunt altijd terugkomen.",
            "Thank you for being here. You can always come back."
        ),
        noscript = "Deze chat heeft JavaScript nodig. / This chat needs JavaScript.",
    )
}

/// The login page of the console.
pub fn login() -> String {
    login_for(("Inloggen voor hulpverleners", "Log in for counsellors"))
}

/// The login page of the research workspace.
pub fn research_login() -> String {
    login_for(("Inloggen voor onderzoekers", "Log in for researchers"))
}

fn login_for(title: (&str, &str)) -> String {
    format!(
        "{}<body class=\"staff\">\n<header class=\"bar\"><span class=\"brand\">zicht</span>\
<button type=\"button\" id=\"lang\" class=\"quiet\" lang=\"en\" data-en=\"Nederlands\">English</button></header>\n\
<main id=\"main\" class=\"narrow\">\n{}\n<form id=\"login-form\">\n\
<div class=\"field\"><label for=\"name\">{}</label><input id=\"name\" name=\"name\" autocomplete=\"username\" required></div>\n\
<div class=\"field\"><label for=\"password\">{}</label><input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required></div>\n\
<p id=\"login-error\" class=\"error\" aria-live=\"assertive\"></p>\n\
<button type=\"submit\" class=\"primary\" data-en=\"Log in\">Inloggen</button>\n</form>\n</main>\n</body>\n</html>\n",
        head("Inloggen – zicht", "login.js"),
        t("h1", "", title.0, title.1),
        t("span", "", "Naam", "Name"),
        t("span", "", "Wachtwoord", "Password"),
    )
}

/// The counsellor console (filled in by console.js).
pub fn console(config: &Config, s: &Session) -> String {
    let categories: String = config
        .categories
        .iter()
        .map(|c| {
            format!(
                "<label class=\"choice\"><input type=\"checkbox\" name=\"category\" value=\"{}\"> {}</label>",
                esc(&c.code),
                t("span", "", &c.name.nl, &c.name.en)
            )
        })
        .collect();
    let referrals: String = REFERRALS
        .iter()
        .map(|(code, nl, en)| {
            // AVIM is police jargon: spelled out beside it and in the title (walk41, finding 10).
            let (title, spelled) = match *code {
                "police_avim" => (
                    " title=\"AVIM: Afdeling Vreemdelingenpolitie, Identificatie en Mensenhandel\"",
                    format!(
                        " {}",
                        t(
                            "span",
                            " class=\"spelled\"",
                            "(AVIM: Afdeling Vreemdelingenpolitie, Identificatie en Mensenhandel)",
                            "(AVIM: the police unit for aliens, identification and human trafficking)"
                        )
                    ),
                ),
                _ => ("", String::new()),
            };
            format!(
                "<label class=\"choice\"{title}><input type=\"checkbox\" name=\"referral\" value=\"{code}\"> {}{spelled}</label>",
                t("span", " class=\"ref-name\"", nl, en)
            )
        })
        .collect();
    let canned: String = config
        .canned
        .iter()
        .map(|c| {
            // The English title and text, where the configuration gives them (console.js shows
            // them while the console is in English; walk-console34, finding 2).
            let title_en = c
                .title_en
                .as_deref()
                .map_or_else(String::new, |t| format!(" data-en=\"{}\"", esc(t)));
            let text_en = c
                .text_en
                .as_deref()
                .map_or_else(String::new, |t| format!(" data-text-en=\"{}\"", esc(t)));
            // A closing text (its title says so) is asked about before it goes mid-chat (walk47).
            let closing = if c.closing() {
                " data-closing=\"1\""
            } else {
                ""
            };
            format!(
                "<option value=\"{}\"{title_en}{text_en}{closing}>{}</option>",
                esc(&c.text),
                esc(&c.title)
            )
        })
        .collect();
    let channels: String = config
        .channels
        .iter()
        .map(|c| {
            format!(
                "<li data-channel=\"{}\">{} <span class=\"stat\"></span></li>",
                esc(&c.code),
                t("span", " class=\"ch-name\"", &c.name.nl, &c.name.en)
            )
        })
        .collect();
    // The victim's age and the form of exploitation, when the chat tells them: the codebook's
    // labels (never its codes), optional (newcomer's shift, finding 6).
    let victim = crate::console::victim_fields().map_or_else(String::new, |f| {
        let options: String = f
            .exploitation_codes
            .iter()
            .map(|(code, nl, en)| t("option", &format!(" value=\"{}\"", esc(code)), nl, en))
            .collect();
        format!(
            "<div class=\"field\"><label for=\"victim-age\">{age_label}</label>\n\
<p id=\"victim-age-help\" class=\"help\" data-en=\"The victim's, not necessarily the visitor's: {min} to {max} years; leave it empty when not known.\">\
Van het slachtoffer, niet per se van de bezoeker: {min} tot {max} jaar; leeg laten als het niet bekend is.</p>\n\
<input id=\"victim-age\" inputmode=\"numeric\" autocomplete=\"off\" maxlength=\"3\" data-min=\"{min}\" data-max=\"{max}\" aria-describedby=\"victim-age-help victim-age-error\">\n\
<p id=\"victim-age-error\" class=\"error\" role=\"alert\"></p></div>\n\
<div class=\"field\"><label for=\"exploitation\">{form_label}</label>\n\
<select id=\"exploitation\">{unknown}{options}</select></div>\n",
            age_label = t("span", "", &f.age_label.nl, &f.age_label.en),
            min = f.age_min,
            max = f.age_max,
            form_label = t("span", "", &f.exploitation_label.nl, &f.exploitation_label.en),
            unknown = t("option", " value=\"\"", "nog niet bekend", "not known yet"),
        )
    });
    let (role_nl, role_en) = match s.user.role {
        zicht_store::Role::Admin => ("beheerder", "admin"),
        zicht_store::Role::Researcher => ("onderzoeker", "researcher"),
        zicht_store::Role::Counsellor => ("hulpverlener", "counsellor"),
    };
    let supervisor = if s.user.role == zicht_store::Role::Admin {
        format!(
            "<section id=\"overview-panel\" aria-labelledby=\"overview-h\">\n{}\n{}\n<ul id=\"overview\" class=\"cards\"></ul>\n{}\n</section>\n",
            t(
                "h2",
                " id=\"overview-h\"",
                "Alle gesprekken (supervisie)",
                "All conversations (supervision)"
            ),
            t(
                "p",
                " class=\"help\"",
                "Meelezen wordt vastgelegd: wie, wanneer, welk gesprek.",
                "Reading along is recorded: who, when, which conversation."
            ),
            t(
                "p",
                " id=\"overview-empty\" class=\"help\"",
                "Er zijn geen open gesprekken.",
                "There are no open conversations."
            )
        )
    } else {
        String::new()
    };
    format!(
        "{head}<body class=\"staff console\" data-csrf=\"{csrf}\" data-me=\"{me}\" data-role=\"{role}\">\n\
<header class=\"bar\"><span class=\"brand\">zicht</span>\n<span class=\"who\">{name} ({role_label})</span>\n\
<label class=\"switch\"><input type=\"checkbox\" id=\"sound\" checked> {l_sound}</label>\n\
<label class=\"switch\"><input type=\"checkbox\" id=\"title-alert\" checked> {l_title}</label>\n\
<button type=\"button\" id=\"lang\" class=\"quiet\" lang=\"en\" data-en=\"Nederlands\">English</button>\n\
<button type=\"button\" id=\"logout\" class=\"quiet\" aria-controls=\"logout-confirm\" data-en=\"Log out\">Uitloggen</button></header>\n\
<div id=\"logout-confirm\" class=\"confirm logout-confirm\" role=\"alertdialog\" aria-labelledby=\"logout-q\" aria-describedby=\"logout-d\" hidden>\n\
<p id=\"logout-q\" class=\"q\"></p>\n<p id=\"logout-d\" class=\"help\"></p>\n\
<button type=\"button\" id=\"logout-register\" class=\"primary\" data-en=\"Register first\">Eerst registreren</button>\n\
<button type=\"button\" id=\"logout-anyway\" data-en=\"Log out anyway\">Toch uitloggen</button>\n</div>\n\
<main id=\"main\" class=\"console-grid\">\n<h1 class=\"sr-only\" data-en=\"Counsellor console\">Hulpverlenersconsole</h1>\n\
<p id=\"console-conn\" class=\"conn\" role=\"status\"></p>\n\
<div class=\"column\">\n\
<section id=\"queue-panel\" aria-labelledby=\"queue-h\">\n{queue_h}\n<ul id=\"channel-stats\" class=\"stats\">{channels}</ul>\n\
<ul id=\"queue\" class=\"cards\" aria-labelledby=\"queue-h\"></ul>\n\
<p id=\"queue-empty\" class=\"help\" data-en=\"Nobody is waiting.\">Er wacht niemand.</p>\n\
<button type=\"button\" id=\"clear-abandoned\" hidden data-en=\"Remove visitors who left\">Vertrokken bezoekers verwijderen</button>\n\
<p id=\"queue-status\" class=\"status\" role=\"status\"></p>\n\
{mine_h}\n<ul id=\"mine\" class=\"tabs\" aria-labelledby=\"mine-h\"></ul>\n<p id=\"mine-empty\" class=\"help\" data-en=\"No running conversations.\">Geen lopende gesprekken.</p>\n\
<div id=\"ended-group\" hidden>{ended_h}\n<ul id=\"mine-ended\" class=\"tabs\" aria-labelledby=\"ended-h\"></ul></div>\n\
<details id=\"closed-box\" class=\"closed-box\">{closed_sum}\n{closed_help}\n<ul id=\"closed-list\" class=\"tabs\" aria-label=\"Gesloten gesprekken\" data-en-label=\"Closed conversations\"></ul>\n{closed_empty}\n</details>\n</section>\n\
{supervisor}</div>\n\
<section id=\"no-conversation\">{pick}</section>\n\
<section id=\"conversation\" aria-labelledby=\"conv-h\" hidden>\n<div class=\"conv-head\"><h2 id=\"conv-h\"></h2>\n\
<div class=\"conv-tools\"><button type=\"button\" id=\"transfer-open\" aria-controls=\"transfer-box\" aria-expanded=\"false\" data-en=\"Transfer to colleague\">Overdragen aan collega</button></div></div>\n\
<p id=\"conv-watched\" class=\"watched\" hidden></p>\n\
<div id=\"note-box\" class=\"note-box\" hidden><button type=\"button\" id=\"note-toggle\" class=\"note-toggle\" aria-expanded=\"true\" aria-controls=\"conv-note\"><span id=\"note-sum\"></span> <span id=\"note-act\" class=\"note-act\"></span></button>\n\
<div id=\"conv-note\" class=\"note\" role=\"region\" tabindex=\"0\" aria-label=\"Notitie bij de overdracht\" data-en-label=\"Transfer note\"></div></div>\n<p id=\"conv-status\" class=\"status\" role=\"status\" aria-label=\"Melding bij het gesprek\" data-en-label=\"Notice about the conversation\"></p>\n\
<ol id=\"transcript\" class=\"messages\" tabindex=\"0\" aria-live=\"polite\" aria-label=\"Gesprek\" data-en-label=\"Conversation\"></ol>\n\
<button type=\"button\" id=\"new-below\" class=\"new-below primary\" data-en=\"New messages — go down\" hidden>Nieuwe berichten — naar beneden</button>\n\
<p id=\"new-below-said\" class=\"sr-only\" aria-live=\"polite\"></p>\n\
<p id=\"typing\" class=\"typing\" aria-live=\"polite\" hidden></p>\n\
<div id=\"offer-actions\" class=\"tools\" hidden>\n\
<button type=\"button\" id=\"accept-offer\" class=\"primary\" data-en=\"Accept the transfer\">Overdracht aannemen</button>\n\
<button type=\"button\" id=\"decline-offer\" data-en=\"Decline\">Weigeren</button>\n\
<p id=\"decline-q\" class=\"decline-q\" hidden></p>\n\
<button type=\"button\" id=\"decline-yes\" class=\"danger\" aria-describedby=\"decline-q\" data-en=\"Confirm declining\" hidden>Weigeren bevestigen</button>\n\
<button type=\"button\" id=\"decline-no\" data-en=\"Cancel\" hidden>Annuleren</button>\n</div>\n\
<div id=\"watch-actions\" class=\"tools\" hidden>\n\
<button type=\"button\" id=\"stop-watch\" data-en=\"Stop reading along\">Stoppen met meelezen</button>\n</div>\n\
<div id=\"own-actions\">\n\
<form id=\"reply-form\" class=\"composer\">\n<label for=\"reply\" class=\"reply-label\" data-en=\"Your message\">Jouw bericht</label>\n{reply_help}\n
<ul id=\"canned-list\" class=\"suggest\" role=\"listbox\" aria-label=\"Standaardteksten\" data-en-label=\"Canned responses\" hidden></ul>\n\
<textarea id=\"reply\" rows=\"2\" aria-describedby=\"reply-help reply-slash\"></textarea>\n<button type=\"submit\" class=\"primary\" data-en=\"Send\">Verstuur</button>\n</form>\n\
<div id=\"slash-box\" class=\"slash-box\" hidden><p id=\"reply-slash\" class=\"warn\" role=\"status\"></p>\n\
<button type=\"button\" id=\"send-anyway\" data-en=\"Send it anyway as a message\">Toch versturen als bericht</button></div>\n\
<p id=\"canned-status\" class=\"sr-only\" aria-live=\"polite\"></p>\n\
<div class=\"tools\">\n<span id=\"canned-box\" class=\"tools\"><label for=\"canned\" class=\"sr-only\">{l_canned}</label><select id=\"canned\">{canned_none}{canned}</select></span>\n\
<p id=\"address-help\" class=\"sr-only\" data-en=\"How the visitor's chat page addresses the visitor (its own texts, not your messages).\">Hoe de chatpagina van de bezoeker de bezoeker aanspreekt (de teksten van de pagina, niet jouw berichten).</p>\n\
<p id=\"address-status\" class=\"sr-only\" aria-live=\"polite\"></p>\n\
<span id=\"address-box\"><label for=\"address\">{l_address}</label><select id=\"address\" aria-describedby=\"address-help\">{o_je}{o_u}</select></span>\n\
<button type=\"button\" id=\"end-conv\" class=\"danger\" data-en=\"End conversation\">Gesprek beëindigen</button>\n\
<button type=\"button\" id=\"close-conv\" class=\"primary\" hidden>Registratie opslaan en sluiten</button>\n</div>\n\
<div id=\"close-confirm\" class=\"confirm\" role=\"alertdialog\" aria-labelledby=\"close-confirm-q\" aria-describedby=\"close-open close-help\" hidden>\n\
<p id=\"close-confirm-q\" class=\"q\" data-en=\"Not everything is decided yet. Save and close anyway?\">Nog niet alles is beslist. Toch opslaan en sluiten?</p>\n\
<ul id=\"close-open\" class=\"open-items\"></ul>\n<p id=\"close-help\" class=\"help\" hidden></p>\n\
<button type=\"button\" id=\"close-back\" class=\"primary\" data-en=\"Back to the registration\">Terug naar de registratie</button>\n\
<button type=\"button\" id=\"close-anyway\" data-en=\"Save and close anyway\">Toch opslaan en sluiten</button>\n</div>\n\
<div id=\"end-confirm\" class=\"confirm\" role=\"alertdialog\" aria-labelledby=\"end-confirm-q\" aria-describedby=\"end-open-h end-open end-unsaved\" hidden>\n\
<p id=\"end-confirm-q\" class=\"q\">Gesprek beëindigen?</p>\n\
<div class=\"end-reg\"><div class=\"end-reg-text\" role=\"group\" aria-label=\"Wat nog open is in de registratie\" data-en-label=\"What is still open in the registration\"><p id=\"end-open-h\" class=\"help\" data-en=\"Still open in the registration:\" hidden>Nog open in de registratie:</p>\n<ul id=\"end-open\" class=\"open-items\" hidden></ul>\n\
<p id=\"end-unsaved\" class=\"warn\"></p>\n\
</div>\n\
<button type=\"button\" id=\"end-save\" data-en=\"Save the registration now\" hidden>Registratie nu opslaan</button>\n\
<p id=\"end-saved\" class=\"status\" role=\"status\"></p></div>\n\
<div class=\"end-msg\"><label for=\"end-message\" data-en=\"Closing message to the visitor (optional; sent before the end)\">Afsluitend bericht aan de bezoeker (mag leeg; wordt vóór het einde verstuurd)</label>\n\
<p id=\"end-canned-status\" class=\"sr-only\" aria-live=\"polite\"></p>\n\
<div class=\"end-box\"><ul id=\"end-canned-list\" class=\"suggest\" role=\"listbox\" aria-label=\"Standaardteksten\" data-en-label=\"Canned responses\" hidden></ul>\n\
<textarea id=\"end-message\" rows=\"2\" aria-describedby=\"end-message-help end-slash\"></textarea></div>\n\
<p id=\"end-message-help\" class=\"help\" data-en=\"Enter: to the ‘End the conversation’ button (does not end it yet) · Shift+Enter: new line · /: canned response\">Enter: naar de knop ‘Gesprek beëindigen’ (beëindigt nog niet) · Shift+Enter: nieuwe regel · /: standaardtekst</p>\n\
<p id=\"end-slash\" class=\"warn\" role=\"status\"></p></div>\n\
<div class=\"end-buttons\"><button type=\"button\" id=\"end-back\" class=\"primary\" data-en=\"Back to the registration\" hidden>Terug naar de registratie</button>\n\
<button type=\"button\" id=\"end-yes\" class=\"danger\" data-en=\"End the conversation\">Gesprek beëindigen</button>\n\
<button type=\"button\" id=\"end-no\" data-en=\"Cancel\">Annuleren</button></div>\n</div>\n\
<details id=\"transfer-box\" class=\"transfer\">\n<summary data-en=\"Transfer to a colleague\">Overdragen aan een collega</summary>\n\
<div class=\"transfer-body\">\n\
<div class=\"field transfer-to\"><label for=\"transfer-to\">{l_transfer}</label><select id=\"transfer-to\"></select></div>\n\
<div class=\"field transfer-note\"><label for=\"transfer-note\">{l_note}</label><textarea id=\"transfer-note\" rows=\"2\" maxlength=\"1000\"></textarea></div>\n\
<fieldset class=\"field transfer-mode\"><legend>{l_mode}</legend>\n\
<label class=\"choice\"><input type=\"radio\" name=\"transfer-mode\" value=\"warm\" checked> {warm}</label>\n\
<label class=\"choice\"><input type=\"radio\" name=\"transfer-mode\" value=\"cold\"> {cold}</label></fieldset>\n\
<p id=\"transfer-error\" class=\"error\" role=\"alert\"></p>\n\
<div class=\"transfer-buttons\"><button type=\"button\" id=\"transfer\" data-en=\"Transfer conversation\">Gesprek overdragen</button>\n\
<button type=\"button\" id=\"transfer-cancel\" data-en=\"Cancel\">Annuleren</button></div>\n</div>\n</details>\n</div>\n</section>\n\
<section id=\"registration\" aria-labelledby=\"reg-h\" hidden>\n{reg_h}\n<p id=\"reg-closed\" class=\"note\" hidden></p>\n\
<div id=\"reread-box\" class=\"reread\" hidden><button type=\"button\" id=\"reread\" aria-describedby=\"reread-help\" data-en=\"Read the conversation again\">Gesprek teruglezen</button>\n\
<p id=\"reread-help\" class=\"help\" data-en=\"Shows the conversation in the middle, as long as it is kept (it is deleted after the retention period). Every reading is recorded: who, when, which conversation.\">Toont het gesprek in het midden, zolang het bewaard is (na de bewaartermijn wordt het gewist). Elk teruglezen wordt vastgelegd: wie, wanneer, welk gesprek.</p>\n\
<p id=\"reread-status\" class=\"status\" role=\"status\"></p></div>\n<form id=\"reg-form\">\n\
<fieldset class=\"field\"><legend id=\"trafficking-q\" tabindex=\"-1\">{l_traff}</legend>\n\
<label class=\"choice\"><input type=\"radio\" name=\"trafficking\" value=\"yes\"> {yes}</label>\n\
<label class=\"choice\"><input type=\"radio\" name=\"trafficking\" value=\"no\"> {no}</label>\n\
<label class=\"choice\"><input type=\"radio\" name=\"trafficking\" value=\"\" checked> {unknown}</label></fieldset>\n\
<fieldset class=\"field\"><legend>{l_first}</legend>\n\
<label class=\"choice\"><input type=\"radio\" name=\"first_time\" value=\"yes\"> {first}</label>\n\
<label class=\"choice\"><input type=\"radio\" name=\"first_time\" value=\"no\"> {returning}</label>\n\
<label class=\"choice\"><input type=\"radio\" name=\"first_time\" value=\"\" checked> {unknown}</label></fieldset>\n\
{victim}\
<fieldset class=\"field\"><legend>{l_cat}</legend>{categories}</fieldset>\n\
<fieldset class=\"field\"><legend>{l_ref}</legend>{referrals}\n\
<label for=\"referral-other\" class=\"other-label\" data-en=\"Other, namely:\">Anders, namelijk:</label><input id=\"referral-other\" maxlength=\"500\"></fieldset>\n\
<div class=\"field\"><label for=\"notes\">{l_notes}</label><textarea id=\"notes\" rows=\"4\"></textarea></div>\n\
<p id=\"reg-status\" class=\"status\" role=\"status\"></p>\n\
<button type=\"submit\" class=\"primary\" data-en=\"Save registration\">Registratie opslaan</button>\n</form>\n</section>\n<div id=\"offer-side\" class=\"offer-side\" hidden></div>\n\
</main>\n</body>\n</html>\n",
        head = head("Hulpverlenersconsole — zicht", "console.js"),
        csrf = esc(&s.csrf),
        me = s.user.id,
        role = esc(s.user.role.code()),
        name = esc(&s.user.name),
        role_label = t("span", "", role_nl, role_en),
        l_sound = t("span", "", "Geluid", "Sound"),
        l_title = t("span", "", "Melding in titel", "Title alert"),
        queue_h = t("h2", " id=\"queue-h\"", "Wachtrij", "Queue"),
        pick = t(
            "p",
            " class=\"placeholder\"",
            "Neem een gesprek aan uit de wachtrij, of kies een van je gesprekken.",
            "Take a conversation from the queue, or pick one of yours."
        ),
        mine_h = t(
            "h2",
            " id=\"mine-h\"",
            "Mijn gesprekken",
            "My conversations"
        ),
        ended_h = t("h3", " id=\"ended-h\"", "Afgelopen", "Ended"),
        closed_sum = t(
            "summary",
            "",
            "Gesloten gesprekken (laatste 24 uur)",
            "Closed conversations (last 24 hours)"
        ),
        closed_help = t(
            "p",
            " class=\"help\"",
            "Gesprekken die je met ‘Registratie opslaan en sluiten’ sloot: kijk de registratie na of verbeter die. Het gesprek zelf lees je terug met ‘Gesprek teruglezen’, zolang het bewaard is; dat wordt vastgelegd. Beëindigde gesprekken die je nog niet sloot, staan onder ‘Afgelopen’.",
            "Conversations you closed with ‘Save registration and close’: check or correct the registration. Read the conversation itself again with ‘Read the conversation again’, as long as it is kept; that is recorded. Ended conversations you have not closed yet are under ‘Ended’."
        ),
        closed_empty = t(
            "p",
            " id=\"closed-empty\" class=\"help\"",
            "Je hebt in de laatste 24 uur geen gesprekken gesloten.",
            "You closed no conversations in the last 24 hours."
        ),
        reply_help = t(
            "p",
            " id=\"reply-help\" class=\"help\"",
            "Enter: versturen · Shift+Enter: nieuwe regel · /: standaardtekst",
            "Enter: send · Shift+Enter: new line · /: canned response"
        ),
        l_canned = t("span", "", "Standaardtekst", "Canned response"),
        // The select says what it holds itself, so that "Aanspreken met" fits beside it on a
        // laptop (fix43, finding 5); its label stays for screen readers.
        canned_none = t("option", " value=\"\"", "Standaardtekst…", "Canned response…"),
        // How the visitor's page addresses the visitor, per chat (fix43, finding 5).
        l_address = t("span", "", "Aanspreken", "Address as"),
        o_je = t("option", " value=\"je\"", "je", "je (informal)"),
        o_u = t("option", " value=\"u\"", "u", "u (formal)"),
        l_transfer = t("span", "", "Collega", "Colleague"),
        l_note = t(
            "span",
            "",
            "Notitie voor je collega",
            "Note for your colleague"
        ),
        l_mode = t("span", "", "Hoe?", "How?"),
        // What happens, not the jargon "warm" (fix43, finding 7).
        warm = t(
            "span",
            "",
            "eerst vragen: je collega leest het gesprek en neemt het over als die ja zegt",
            "ask first: your colleague reads the chat and takes it over if they say yes"
        ),
        cold = t(
            "span",
            "",
            "meteen overdragen: het gesprek gaat nu naar je collega",
            "transfer now: the chat goes to your colleague straight away"
        ),
        reg_h = t("h2", " id=\"reg-h\"", "Registratie", "Registration"),
        l_traff = t(
            "span",
            "",
            "Hulpvraag over mensenhandel?",
            "Help request about human trafficking?"
        ),
        yes = t("span", "", "ja", "yes"),
        no = t("span", "", "nee", "no"),
        unknown = t("span", "", "nog niet bekend", "not known yet"),
        l_first = t(
            "span",
            "",
            "Eerste keer contact met de hulplijn?",
            "First contact with the helpline?"
        ),
        first = t("span", "", "ja, de eerste keer", "yes, the first time"),
        returning = t(
            "span",
            "",
            "nee, heeft eerder contact gehad",
            "no, has been in touch before"
        ),
        l_cat = t("span", "", "Andere categorieën", "Other categories"),
        l_ref = t("span", "", "Verwezen naar", "Referred to"),
        l_notes = t("span", "", "Notities", "Notes"),
    )
}

/// A short page with a heading and a sentence (no access, not found).
fn notice(title: &str, heading: (&str, &str), text: (&str, &str)) -> String {
    format!(
        "{}<body class=\"staff\"><main id=\"main\" class=\"narrow\">{}{}</main></body></html>\n",
        head(title, "login.js"),
        t("h1", "", heading.0, heading.1),
        t("p", "", text.0, text.1)
    )
}

pub fn forbidden() -> String {
    notice(
        "Geen toegang – zicht",
        ("Geen toegang", "No access"),
        (
            "Je account heeft geen toegang tot deze pagina.",
            "Your account has no access to this page.",
        ),
    )
}

pub fn not_found() -> axum::response::Html<String> {
    axum::response::Html(notice(
        "Niet gevonden – zicht",
        ("Deze pagina bestaat niet", "This page does not exist"),
        (
            "Controleer het adres, of ga terug.",
            "Check the address, or go back.",
        ),
    ))
}
