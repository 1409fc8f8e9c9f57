// The counsellor console: the queue per channel (pushed and polled), own conversations (WebSocket
// with resume), alerts, typing, canned responses by "/", warm and cold transfer, end and close
// after the registration, and for admins the supervisor view with reading along. Every POST
// carries the CSRF token.
'use strict';
(function () {
  var body = document.body;
  var csrf = body.dataset.csrf;
  var me = parseInt(body.dataset.me, 10);
  var lang = 'nl';
  var T = {
    nl: { take: 'Gesprek aannemen', offline: 'bezoeker heeft geen verbinding', ended: 'beëindigd', you: 'Jij', visitor: 'Bezoeker', colleague: 'Collega', aColleague: 'een collega',
      saved: 'Opgeslagen.', notSaved: 'Niet opgeslagen: ', confirmEnd: 'Gesprek beëindigen?', sending: 'wordt verstuurd…',
      confirmEndWith: function (n) { return 'Gesprek met ' + n + ' beëindigen?'; },
      unreadWords: function (n) { return n === 1 ? 'ongelezen bericht' : 'ongelezen berichten'; },
      addressU: function (n) { return 'De chatpagina spreekt ' + n + ' nu aan met u.'; }, addressJe: function (n) { return 'De chatpagina spreekt ' + n + ' nu aan met je.'; },
      rereadLoading: 'Het gesprek wordt opgehaald…', rereadGone: 'Het gesprek is niet meer bewaard: na de bewaartermijn is het gewist. De registratie staat er nog.',
      rereadShown: function (n) { return 'Het gesprek met ' + n + ' staat in het midden, om terug te lezen. Dit teruglezen is vastgelegd.'; },
      logoutQ: function (n) { return n === 1 ? 'Nog 1 beëindigd gesprek heeft geen afgeronde registratie. Toch uitloggen?' : 'Nog ' + n + ' beëindigde gesprekken hebben geen afgeronde registratie. Toch uitloggen?'; },
      logoutD: function (n) { return 'Er gaat niets verloren: ' + (n === 1 ? 'het staat' : 'ze staan') + ' er weer onder ‘Afgelopen’ als je opnieuw inlogt (tot 12 uur na het einde).'; },
      endUnsaved: function (n) { return 'Je registratie van ' + n + ' is nog niet opgeslagen. Na het beëindigen blijft het gesprek staan bij Afgelopen onder Mijn gesprekken; sla de registratie op voordat je het daar sluit.'; },
      regUnsavedTab: 'registratie niet opgeslagen', regKept: 'Je eerdere wijzigingen staan nog in het formulier, maar zijn nog niet opgeslagen.',
      // The time the chat ended, not when its registration was closed (walk43, finding M4).
      closedAt: function (t) { return 'beëindigd om ' + t; }, closedOn: function (d, t) { return 'beëindigd ' + d + ' om ' + t; },
      registered: 'registratie opgeslagen', unregistered: 'geen registratie', registeredOpen: 'registratie opgeslagen, niet alles beslist',
      savedRefs: function (l) { return 'verwezen naar ' + l.join(', '); }, savedNoRefs: 'geen verwijzing',
      savedYes: 'mensenhandel: ja', savedNo: 'mensenhandel: nee', savedCats: function (n) { return n === 0 ? 'niets aangevinkt bij ‘Andere categorieën’' : n === 1 ? '1 categorie' : n + ' categorieën'; }, savedNotes: 'met notities', savedNoNotes: 'geen notities',
      savedAt: function (t) { return 'Opgeslagen om ' + t + '.'; },
      savedAge: function (a) { return 'slachtoffer ' + a + ' jaar'; },
      regRestored: function (b) { return 'Je registratie van dit gesprek was nog niet opgeslagen en is teruggezet na het herladen van de pagina. Ze is nog steeds niet opgeslagen: gebruik "' + b + '".'; },
      draftsRestored: function (l) { return 'Niet-opgeslagen registratie teruggezet na het herladen: ' + l.join(', ') + '. Open het gesprek om de registratie na te kijken en op te slaan.'; },
      ageInvalid: function (lo, hi) { return 'Vul bij leeftijd slachtoffer een heel getal van ' + lo + ' tot ' + hi + ' in, of laat het veld leeg. Niets is opgeslagen.'; },
      fieldIs: function (f, v) { return f + ' staat nu op "' + v + '"'; },
      catOn: function (f) { return '"' + f + '" is nu aangevinkt'; }, catOff: function (f) { return '"' + f + '" is nu niet aangevinkt'; },
      fieldSaved: ' (opgeslagen).', fieldUnsaved: function (b) { return ' (nog niet opgeslagen: gebruik "' + b + '").'; },
      started: function (t) { return 'begonnen ' + t + ' geleden'; },
      newBelowSaid: function (n) { return 'Nieuwe berichten van ' + n + ', onderaan het gesprek.'; },
      closedSaved: function (n) { return 'Registratie van ' + n + ' opgeslagen; het gesprek staat onder Gesloten gesprekken.'; },
      closedBare: function (n) { return 'Gesprek met ' + n + ' gesloten zonder registratie; het staat onder Gesloten gesprekken.'; },
      nowOpen: function (n) { return 'Nu open: het gesprek met ' + n + '.'; },
      closedIntro: function (n, t) { return 'Gesloten gesprek met ' + n + ' (' + t + '). Kijk de registratie na en verbeter de registratie zo nodig; opslaan legt vast wie en wanneer.'; },
      female: 'vrouw', male: 'man', neutral: 'neutraal', taken: 'Dit gesprek is al aangenomen door een collega.',
      by_visitor: 'De bezoeker heeft het gesprek beëindigd.', by_counsellor: 'Het gesprek is beëindigd door een hulpverlener.',
      by_you: 'Het gesprek is beëindigd door jou.', by_holder: 'Het gesprek is beëindigd door de hulpverlener.',
      by_quick_exit: 'De bezoeker is snel weggegaan (snelle uitgang). Misschien kwam er iemand binnen.',
      by_system: 'De bezoeker heeft het venster gesloten of de verbinding verloren; het gesprek is gesloten.',
      transferredIn: function (n) { return n ? n + ' heeft een gesprek aan je overgedragen.' : 'Er is een gesprek aan je overgedragen.'; },
      visitorGone: function (next) { return 'Deze bezoeker is vertrokken' + (next ? '; neem de volgende aan.' : '.'); }, since: 'sinds', under12: 'jonger dan 12',
      endedTab_visitor: 'beëindigd door de bezoeker', endedTab_quick_exit: 'snelle uitgang', endedTab_counsellor: 'beëindigd',
      endedTab_system: 'venster dicht of verbinding weg',
      supervised: 'Een leidinggevende leest mee.', consoleLost: 'Geen verbinding met de server. Opnieuw verbinden…',
      closeConv: 'Registratie opslaan en sluiten',
      emptyQ: 'De registratie is nog leeg. Sluiten zonder registratie?', emptyGo: 'Sluiten zonder registratie',
      emptyHelp: 'Je kunt de registratie daarna nog invullen onder Gesloten gesprekken (laatste 24 uur).',
      openQ: 'Nog niet alles is beslist. Toch opslaan en sluiten?', openGo: 'Toch opslaan en sluiten',
      endOpenH: 'Nog open in de registratie:',
      visitorSaid: 'bezoeker', years: function (a) { return a + ' jaar'; }, tabAge: function (a) { return 'bij de start ingevuld: ' + a + ' jaar'; }, selfFilled: '(zelf ingevuld bij de start)', ageNotGiven: 'leeftijd niet ingevuld',
      acceptSaved: function (l) { return l + ' is opgeslagen.'; },
      handNotSaved: function (b) { return ' Jouw eigen wijzigingen nog niet: gebruik "' + b + '".'; },
      evidence: 'Hier staat het',
      editedNotSaved: function (b) { return 'Jouw wijzigingen zijn nog niet opgeslagen: gebruik "' + b + '".'; }, saveButton: 'Registratie opslaan',
      refreshed: function (t, n) { return 'Bijgewerkt, ' + t + ': ' + (n === 0 ? 'geen nieuwe suggesties' : n === 1 ? '1 nieuwe suggestie' : n + ' nieuwe suggesties') + '.'; },
      chClosed: 'gesloten', opensToday: function (t) { return 'gaat vandaag om ' + t + ' open'; }, opensTomorrow: function (t) { return 'gaat morgen om ' + t + ' open'; },
      opensOn: function (d, t) { return 'gaat ' + d + ' om ' + t + ' open'; },
      days: ['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag'],
      waitsFor: function (t) { return 'wacht ' + t; }, goneCount: function (n) { return n === 1 ? 'waarvan 1 vertrokken' : 'waarvan ' + n + ' vertrokken'; }, goneFor: function (t) { return 'vertrokken, al ' + t + ' weg'; }, waiting: function (n) { return n + ' wachtend'; },
      estimate: function (s) { return 'de laatste in de rij hoort: ca. ' + Math.ceil(s / 60) + ' min wachten'; },
      pickColleague: 'Kies een collega', online: 'online', offlineColleague: 'niet online', noColleague: 'Kies eerst een collega.',
      colleague_offline: 'Deze collega is niet online. Kies "direct overdragen" of een andere collega.',
      offered: function (n) { return 'Aangeboden aan ' + n + '. Je houdt het gesprek tot je collega het aanneemt.'; },
      declined: function (n) { return n + ' heeft de overdracht geweigerd. Het gesprek blijft bij jou.'; },
      declinedKept: 'Je keuze en je notitie staan nog klaar onder ‘Overdragen aan collega’.',
      declineQ: function (n) { return 'Overdracht weigeren? Het gesprek blijft dan bij ' + n + '.'; },
      moved: 'Het gesprek is overgedragen.', movedWho: function (n) { return 'Het gesprek met ' + n + ' is overgedragen aan je collega.'; }, youDeclined: 'Je hebt de overdracht geweigerd.', offerGone: 'Het aangeboden gesprek is beëindigd.', offerFrom: function (n) { return 'Overdracht aangeboden door ' + n; },
      noteFrom: function (n, t) { return 'Notitie van ' + n + ': ' + t; },
      noteSum: function (n) { return 'Notitie van ' + n + ' bij de overdracht'; },
      notesSum: function (k, l) { return k + ' notities bij de overdracht, van ' + l.join(' en '); },
      offerNoteSum: function (n) { return 'Overdracht aangeboden door ' + n + ', met een notitie'; },
      noteShow: 'Tonen', noteHide: 'Verbergen',
      handover: function (from, to, at) { return 'Overgedragen van ' + from + ' aan ' + to + (at ? ' om ' + at : ''); }, watching: 'meelezen', offer: 'aangeboden',
      cleared: function (n) { return n === 1 ? '1 vertrokken bezoeker verwijderd.' : n + ' vertrokken bezoekers verwijderd.'; },
      typing: 'De bezoeker typt…', readAlong: 'Meelezen', with: function (n) { return 'bij ' + n; }, nobody: 'nog niet aangenomen',
      cannedHint: function (t) { return 'Standaardtekst: ' + t + '. Enter voegt in, pijltjes kiezen.'; },
      newVisitor: 'Nieuwe bezoeker in de wachtrij', error: 'Dat lukte niet: ', nothingFilled: 'niets over zichzelf ingevuld',
      err_unknown_conversation: 'dit gesprek bestaat niet meer of is al gesloten.', err_not_active: 'dit gesprek loopt niet meer.',
      err_not_yours: 'dit gesprek is niet (meer) van jou.', err_ended: 'dit gesprek is al beëindigd.', err_too_long: 'de tekst is te lang.',
      err_empty: 'er staat nog niets in.', err_rate_limited: 'te veel tegelijk; wacht even en probeer het opnieuw.',
      err_network: 'geen verbinding met de server; probeer het zo opnieuw.', err_no_offer: 'de overdracht is er niet meer.',
      err_unknown_category: 'een categorie bestaat niet meer; ververs de pagina.', err_unknown_referral: 'een verwijzing bestaat niet meer; ververs de pagina.',
      err_bad_victim_age: 'de leeftijd van het slachtoffer moet een heel getal van 0 tot 99 zijn, of leeg.',
      err_unknown_exploitation: 'die vorm van uitbuiting bestaat niet meer; ververs de pagina.',
      err_other: 'er ging iets mis; probeer het opnieuw.',
      endSaved: function (n) { return 'Registratie van ' + n + ' opgeslagen.'; },
      closeFlagOpen: 'Hulpvraag over mensenhandel is nog niet ingevuld (staat op "nog niet bekend").',
      closeSuggestionsOpen: function (n, l) { return (n === 1 ? '1 suggestie is' : n + ' suggesties zijn') + ' nog niet ingevuld of afgewezen: ' + l + '.'; },
      assistNone_no_words: 'Nog geen suggesties: de bezoeker heeft nog niets geschreven. Ze komen zodra de bezoeker vertelt wat er speelt.',
      assistNone_few_words: function (w) { return 'Nog geen suggesties: de bezoeker heeft nog weinig geschreven (' + (w === 1 ? '1 woord' : w + ' woorden') + '). Ze komen als het gesprek verdergaat.'; },
      assistNone_nothing_found: 'Nog geen suggesties: in wat de bezoeker tot nu toe schreef is niets gevonden dat op uitbuiting of op een van de categorieën wijst. Ze komen als het gesprek verdergaat.',
      assistNone_ended: 'Geen suggesties: in wat de bezoeker in dit gesprek schreef is niets gevonden dat op uitbuiting of op een van de categorieën wijst.',
      assistAccepted: 'Ingevuld en opgeslagen.', assistRejected: 'Suggestie afgewezen.',
      undoReset: function (l) { return 'Invullen ongedaan gemaakt: "' + l + '" staat weer open en het veld is teruggezet zoals het was.'; },
      undoChanged: function (l) { return 'Invullen ongedaan gemaakt: "' + l + '" staat weer open. Het veld is niet teruggezet, want je hebt het sindsdien zelf veranderd.'; },
      undoUnknown: function (l) { return 'Invullen ongedaan gemaakt: "' + l + '" staat weer open. Het veld is niet teruggezet, want na het herladen van de pagina is niet meer bekend hoe het was; pas het zo nodig zelf aan.'; },
      undoRejected: function (l) { return 'Afwijzen ongedaan gemaakt: "' + l + '" staat weer open.'; },
      undoSaved: function (l) { return 'Opgeslagen: ' + l + ' teruggezet zoals het was.'; },
      newSuggestion: function (n) { return (n === 1 ? 'Nieuwe suggestie' : n + ' nieuwe suggesties') + ' — bekijken'; },
      newSuggestionSaid: function (l) { return (l.length === 1 ? 'Nieuwe suggestie: ' : l.length + ' nieuwe suggesties: ') + l.join('; ') + '. Bekijken met de knop bovenaan de registratie.'; },
      notSent: function (w) { return 'Niet verstuurd: ' + w; },
      slashNone: function (t) { return 'Geen standaardtekst past bij "' + t + '": er is niets verstuurd aan de bezoeker.'; },
      cannedAddress: function (t, c) { return 'Deze standaardtekst spreekt de bezoeker aan met ' + t + '; dit gesprek staat op ' + c + '. Hij staat in het vak en is nog niet verstuurd.'; },
      cannedAgain: function (closing, clash) {
        var s = [];
        if (closing) { s.push('Dit is een afscheidstekst; het gesprek loopt nog.'); }
        if (clash) { s.push('Deze standaardtekst spreekt de bezoeker aan met ' + clash.text + '; dit gesprek staat op ' + clash.chat + '.'); }
        s.push(closing ? 'Nog een keer Enter om toch te versturen, of gebruik ‘Gesprek beëindigen’.' : 'Nog een keer Enter om toch te versturen, of pas de tekst aan.');
        return s.join(' ');
      },
      endSlashNone: function (t) { return 'Geen standaardtekst past bij "' + t + '". Kies er een met / en een paar letters van de titel, of schrijf het bericht zelf; het gesprek is nog niet beëindigd.'; },
      slashList: function (t) { return '"' + t + '" is niet verstuurd: kies een standaardtekst in de lijst (pijltjes en Enter).'; },
      assistNone_not_dutch: 'De suggesties lezen alleen Nederlands, en de bezoeker schrijft vooral in een andere taal: er kan niets gevonden worden. Beoordeel het gesprek zelf en vul de registratie zelf in.',
      notDutch: 'Let op: de bezoeker schrijft vooral in een andere taal dan Nederlands, en de suggesties lezen alleen Nederlands. Beoordeel het gesprek zelf.',
      undoStillSet: function (l, f) { return 'Invullen ongedaan gemaakt: "' + l + '" staat weer open, maar ' + f + ' (opgeslagen): na het herladen van de pagina is niet meer bekend hoe het was. Zet het zelf terug als dat niet klopt.'; },
      stillTicked: 'het vakje is nog aangevinkt', stillSet: function (v) { return 'het veld staat nog op "' + v + '"'; },
      alreadySet: 'staat al zo in de registratie',
      replyRestored: 'Je bericht was nog niet verstuurd en is teruggezet na het herladen van de pagina.',
      savedCatNames: function (l) { return l.length === 1 ? 'categorie: ' + l[0] : 'categorieën: ' + l.join(', '); } },
    en: { take: 'Take conversation', offline: 'visitor has no connection', ended: 'ended', you: 'You', visitor: 'Visitor', colleague: 'Colleague', aColleague: 'a colleague',
      saved: 'Saved.', notSaved: 'Not saved: ', confirmEnd: 'End this conversation?', sending: 'sending…',
      confirmEndWith: function (n) { return 'End the conversation with ' + n + '?'; },
      unreadWords: function (n) { return n === 1 ? 'unread message' : 'unread messages'; },
      addressU: function (n) { return 'The chat page now addresses ' + n + ' as u (formal Dutch).'; }, addressJe: function (n) { return 'The chat page now addresses ' + n + ' as je (informal Dutch).'; },
      rereadLoading: 'Fetching the conversation…', rereadGone: 'The conversation is no longer kept: it was deleted after the retention period. The registration is still there.',
      rereadShown: function (n) { return 'The conversation with ' + n + ' is shown in the middle, to read again. This reading is recorded.'; },
      logoutQ: function (n) { return n === 1 ? '1 ended conversation has no finished registration yet. Log out anyway?' : n + ' ended conversations have no finished registration yet. Log out anyway?'; },
      logoutD: function (n) { return 'Nothing is lost: ' + (n === 1 ? 'it is' : 'they are') + ' back under ‘Ended’ when you log in again (up to 12 hours after the end).'; },
      endUnsaved: function (n) { return 'Your registration of ' + n + ' is not saved yet. After the end the conversation stays under Ended in My conversations; save the registration before you close it there.'; },
      regUnsavedTab: 'registration not saved', regKept: 'Your earlier changes are still in the form, but not saved yet.',
      closedAt: function (t) { return 'ended at ' + t; }, closedOn: function (d, t) { return 'ended ' + d + ' at ' + t; },
      registered: 'registration saved', unregistered: 'no registration', registeredOpen: 'registration saved, not everything decided',
      savedRefs: function (l) { return 'referred to ' + l.join(', '); }, savedNoRefs: 'no referral',
      savedYes: 'human trafficking: yes', savedNo: 'human trafficking: no', savedCats: function (n) { return n === 0 ? 'nothing ticked under ‘Other categories’' : n === 1 ? '1 category' : n + ' categories'; }, savedNotes: 'with notes', savedNoNotes: 'no notes',
      savedAt: function (t) { return 'Saved at ' + t + '.'; },
      savedAge: function (a) { return 'victim ' + a + ' years old'; },
      regRestored: function (b) { return 'Your registration of this conversation was not saved yet and has been restored after the page reloaded. It is still not saved: use "' + b + '".'; },
      draftsRestored: function (l) { return 'Unsaved registration restored after the reload: ' + l.join(', ') + '. Open the conversation to check and save it.'; },
      ageInvalid: function (lo, hi) { return 'Fill in a whole number from ' + lo + ' to ' + hi + ' as the victim\'s age, or leave it empty. Nothing was saved.'; },
      fieldIs: function (f, v) { return f + ' is now "' + v + '"'; },
      catOn: function (f) { return '"' + f + '" is now ticked'; }, catOff: function (f) { return '"' + f + '" is now not ticked'; },
      fieldSaved: ' (saved).', fieldUnsaved: function (b) { return ' (not saved yet: use "' + b + '").'; },
      started: function (t) { return 'started ' + t + ' ago'; },
      newBelowSaid: function (n) { return 'New messages from ' + n + ', at the bottom of the chat.'; },
      closedSaved: function (n) { return 'Registration of ' + n + ' saved; the conversation is under Closed conversations.'; },
      closedBare: function (n) { return 'Conversation with ' + n + ' closed without a registration; it is under Closed conversations.'; },
      nowOpen: function (n) { return 'Now open: the conversation with ' + n + '.'; },
      closedIntro: function (n, t) { return 'Closed conversation with ' + n + ' (' + t + '). Check the registration and correct it if needed; saving records who and when.'; },
      female: 'female', male: 'male', neutral: 'neutral', taken: 'A colleague has already taken this conversation.',
      by_visitor: 'The visitor ended the conversation.', by_counsellor: 'A counsellor ended the conversation.',
      by_you: 'You ended the conversation.', by_holder: 'The counsellor ended the conversation.',
      by_quick_exit: 'The visitor left quickly (quick exit). Someone may have come in.',
      by_system: 'The visitor closed the window or lost the connection; the conversation is closed.',
      transferredIn: function (n) { return n ? n + ' transferred a conversation to you.' : 'A conversation was transferred to you.'; },
      visitorGone: function (next) { return 'This visitor has left' + (next ? '; take the next one.' : '.'); }, since: 'for', under12: 'younger than 12',
      endedTab_visitor: 'ended by the visitor', endedTab_quick_exit: 'quick exit', endedTab_counsellor: 'ended',
      endedTab_system: 'window closed or connection lost',
      supervised: 'A supervisor is reading along.', consoleLost: 'No connection to the server. Reconnecting…',
      closeConv: 'Save the registration and close',
      emptyQ: 'The registration is still empty. Close without a registration?', emptyGo: 'Close without a registration',
      emptyHelp: 'You can still fill in the registration afterwards under Closed conversations (last 24 hours).',
      openQ: 'Not everything is decided yet. Save and close anyway?', openGo: 'Save and close anyway',
      endOpenH: 'Still open in the registration:',
      visitorSaid: 'visitor', years: function (a) { return a + ' years old'; }, tabAge: function (a) { return 'filled in at the start: ' + a + ' years'; }, selfFilled: '(filled in themselves at the start)', ageNotGiven: 'age not filled in',
      acceptSaved: function (l) { return l + ' is saved.'; },
      handNotSaved: function (b) { return ' Your own changes are not saved yet: use "' + b + '".'; },
      evidence: 'It says so here',
      editedNotSaved: function (b) { return 'Your changes are not saved yet: use "' + b + '".'; }, saveButton: 'Save registration',
      refreshed: function (t, n) { return 'Updated, ' + t + ': ' + (n === 0 ? 'no new suggestions' : n === 1 ? '1 new suggestion' : n + ' new suggestions') + '.'; },
      chClosed: 'closed', opensToday: function (t) { return 'opens today at ' + t; }, opensTomorrow: function (t) { return 'opens tomorrow at ' + t; },
      opensOn: function (d, t) { return 'opens ' + d + ' at ' + t; },
      days: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
      waitsFor: function (t) { return 'waiting ' + t; }, goneCount: function (n) { return 'of whom ' + n + ' left'; }, goneFor: function (t) { return 'left, gone for ' + t; }, waiting: function (n) { return n + ' waiting'; },
      estimate: function (s) { return 'the last in line is told: about ' + Math.ceil(s / 60) + ' min'; },
      pickColleague: 'Choose a colleague', online: 'online', offlineColleague: 'not online', noColleague: 'Choose a colleague first.',
      colleague_offline: 'This colleague is not online. Choose "transfer at once" or another colleague.',
      offered: function (n) { return 'Offered to ' + n + '. You keep the conversation until your colleague accepts.'; },
      declined: function (n) { return n + ' declined the transfer. The conversation stays with you.'; },
      declinedKept: 'Your choice and your note are still ready under ‘Transfer to colleague’.',
      declineQ: function (n) { return 'Decline the transfer? The conversation then stays with ' + n + '.'; },
      moved: 'The conversation was transferred.', movedWho: function (n) { return 'The conversation with ' + n + ' was transferred to your colleague.'; }, youDeclined: 'You declined the transfer.', offerGone: 'The offered conversation has ended.', offerFrom: function (n) { return 'Transfer offered by ' + n; },
      noteFrom: function (n, t) { return 'Note from ' + n + ': ' + t; },
      noteSum: function (n) { return 'Note from ' + n + ' with the transfer'; },
      notesSum: function (k, l) { return k + ' notes with the transfer, from ' + l.join(' and '); },
      offerNoteSum: function (n) { return 'Transfer offered by ' + n + ', with a note'; },
      noteShow: 'Show', noteHide: 'Hide',
      handover: function (from, to, at) { return 'Transferred from ' + from + ' to ' + to + (at ? ' at ' + at : ''); }, watching: 'reading along', offer: 'offered',
      cleared: function (n) { return n === 1 ? 'Removed 1 visitor who left.' : 'Removed ' + n + ' visitors who left.'; },
      typing: 'The visitor is typing…', readAlong: 'Read along', with: function (n) { return 'with ' + n; }, nobody: 'not taken yet',
      cannedHint: function (t) { return 'Canned response: ' + t + '. Enter inserts, arrows choose.'; },
      newVisitor: 'New visitor in the queue', error: 'That did not work: ', nothingFilled: 'filled in nothing about themselves',
      err_unknown_conversation: 'this conversation no longer exists or was closed already.', err_not_active: 'this conversation is no longer running.',
      err_not_yours: 'this conversation is not (or no longer) yours.', err_ended: 'this conversation has ended already.', err_too_long: 'the text is too long.',
      err_empty: 'there is nothing in it yet.', err_rate_limited: 'too much at once; wait a moment and try again.',
      err_network: 'no connection to the server; try again shortly.', err_no_offer: 'the transfer is no longer there.',
      err_unknown_category: 'a category no longer exists; reload the page.', err_unknown_referral: 'a referral no longer exists; reload the page.',
      err_bad_victim_age: 'the victim\'s age must be a whole number from 0 to 99, or empty.',
      err_unknown_exploitation: 'that form of exploitation no longer exists; reload the page.',
      err_other: 'something went wrong; try again.',
      endSaved: function (n) { return 'Registration of ' + n + ' saved.'; },
      closeFlagOpen: 'Help request about human trafficking is not filled in yet (it says "not known yet").',
      closeSuggestionsOpen: function (n, l) { return (n === 1 ? '1 suggestion has' : n + ' suggestions have') + ' not been filled in or rejected yet: ' + l + '.'; },
      assistNone_no_words: 'No suggestions yet: the visitor has not written anything yet. They come as soon as the visitor tells what is going on.',
      assistNone_few_words: function (w) { return 'No suggestions yet: the visitor has written little so far (' + (w === 1 ? '1 word' : w + ' words') + '). They come as the conversation goes on.'; },
      assistNone_nothing_found: 'No suggestions yet: nothing the visitor has written so far was found to point to exploitation or to one of the categories. They come as the conversation goes on.',
      assistNone_ended: 'No suggestions: nothing the visitor wrote in this conversation was found to point to exploitation or to one of the categories.',
      assistAccepted: 'Filled in and saved.', assistRejected: 'Suggestion rejected.',
      undoReset: function (l) { return 'Filling in undone: "' + l + '" is open again and the field is set back to what it was.'; },
      undoChanged: function (l) { return 'Filling in undone: "' + l + '" is open again. The field was not set back, because you changed it yourself since.'; },
      undoUnknown: function (l) { return 'Filling in undone: "' + l + '" is open again. The field was not set back, because after reloading the page it is no longer known what it was; change it yourself if needed.'; },
      undoRejected: function (l) { return 'Rejecting undone: "' + l + '" is open again.'; },
      undoSaved: function (l) { return 'Saved: ' + l + ' set back to what it was.'; },
      newSuggestion: function (n) { return (n === 1 ? 'New suggestion' : n + ' new suggestions') + ' — view'; },
      newSuggestionSaid: function (l) { return (l.length === 1 ? 'New suggestion: ' : l.length + ' new suggestions: ') + l.join('; ') + '. View it with the button at the top of the registration.'; },
      notSent: function (w) { return 'Not sent: ' + w; },
      slashNone: function (t) { return 'No canned response matches "' + t + '": nothing was sent to the visitor.'; },
      cannedAddress: function (t, c) { var f = function (x) { return x + (x === 'u' ? ' (formal)' : ' (informal)'); }; return 'This canned response addresses the visitor as ' + f(t) + '; this conversation is set to ' + f(c) + '. It is in the box and has not been sent yet.'; },
      cannedAgain: function (closing, clash) {
        var f = function (x) { return x + (x === 'u' ? ' (formal)' : ' (informal)'); };
        var s = [];
        if (closing) { s.push('This is a closing text; the conversation is still going on.'); }
        if (clash) { s.push('This canned response addresses the visitor as ' + f(clash.text) + '; this conversation is set to ' + f(clash.chat) + '.'); }
        s.push(closing ? 'Press Enter once more to send it anyway, or use ‘End conversation’.' : 'Press Enter once more to send it anyway, or change the text.');
        return s.join(' ');
      },
      endSlashNone: function (t) { return 'No canned response matches "' + t + '". Choose one with / and a few letters of its title, or write the message yourself; the conversation has not ended yet.'; },
      slashList: function (t) { return '"' + t + '" was not sent: choose a canned response in the list (arrows and Enter).'; },
      assistNone_not_dutch: 'Suggestions only read Dutch, and the visitor writes mostly in another language: nothing can be found. Judge the conversation yourself and fill in the registration yourself.',
      notDutch: 'Note: the visitor writes mostly in a language other than Dutch, and suggestions only read Dutch. Judge the conversation yourself.',
      undoStillSet: function (l, f) { return 'Filling in undone: "' + l + '" is open again, but ' + f + ' (saved): after reloading the page it is no longer known what it was. Set it back yourself if that is not right.'; },
      stillTicked: 'the box is still ticked', stillSet: function (v) { return 'the field is still "' + v + '"'; },
      alreadySet: 'already set so in the registration',
      replyRestored: 'Your message was not sent yet and has been restored after the page reloaded.',
      savedCatNames: function (l) { return l.length === 1 ? 'category: ' + l[0] : 'categories: ' + l.join(', '); } }
  };
  function tr(k) { var v = T[lang][k]; return v === undefined ? (T.nl[k] === undefined ? k : T.nl[k]) : v; }
  // What went wrong, in words: a server's code is never shown.
  function why(code) { return T.nl['err_' + code] === undefined ? tr('err_other') : tr('err_' + code); }
  function $(id) { return document.getElementById(id); }
  // A text in both languages on an element, so that the language switch (applyLang) follows it.
  function say(e, key, arg) {
    var pick = function (l) { var v = T[l][key]; return typeof v === 'function' ? v(arg) : v; };
    e.dataset.nl = pick('nl'); e.dataset.en = pick('en');
    e.textContent = lang === 'en' ? e.dataset.en : e.dataset.nl;
  }
  // A line the page writes (a status, a notice) is kept as the function that writes it, in the
  // language of the moment, so the language switch writes every one of them again (walk-console18,
  // finding 1). `make` is a function of no arguments, or null to empty the line.
  var spoken = {};
  function speak(id, make) {
    var e = $(id);
    if (!e) { return; }
    if (make) { spoken[id] = make; } else { delete spoken[id]; }
    var t = make ? make() : '';
    if (e.textContent !== t) { e.textContent = t; }
    // The chat's notice may scroll in its bounded area: with something in it, it can be reached
    // with Tab (axe: scrollable-region-focusable, walk42, finding 2); empty, it is no tab stop.
    if (id === 'conv-status') { if (t) { e.setAttribute('tabindex', '0'); } else { e.removeAttribute('tabindex'); } }
  }
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) { e.className = cls; } if (text !== undefined) { e.textContent = text; } return e; }

  function api(method, path, data) {
    return fetch(path, {
      method: method, cache: 'no-store',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
      body: data === undefined ? undefined : JSON.stringify(data)
    }).then(function (res) {
      if (res.status === 401) { window.location.reload(); }
      return res.json().then(function (j) { return { ok: res.ok, body: j }; }, function () { return { ok: res.ok, body: {} }; });
    }, function () { return { ok: false, body: { error: 'network' } }; });
  }

  // ---- alerts: a short tone and a count in the title, both switchable ----
  var baseTitle = document.title;
  var prefs = { sound: true, title: true };
  try { prefs = JSON.parse(localStorage.getItem('zicht:console-alerts') || 'null') || prefs; } catch (e) { /* defaults */ }
  $('sound').checked = prefs.sound !== false;
  $('title-alert').checked = prefs.title !== false;
  function savePrefs() {
    prefs = { sound: $('sound').checked, title: $('title-alert').checked };
    try { localStorage.setItem('zicht:console-alerts', JSON.stringify(prefs)); } catch (e) { /* ignore */ }
    updateTitle();
  }
  $('sound').addEventListener('change', savePrefs);
  $('title-alert').addEventListener('change', savePrefs);
  var audio = null;
  var beeps = 0;
  function beep() {
    beeps += 1;
    body.dataset.beeps = String(beeps);
    if (!$('sound').checked) { return; }
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      var o = audio.createOscillator();
      var g = audio.createGain();
      o.frequency.value = 880;
      g.gain.value = 0.08;
      o.connect(g); g.connect(audio.destination);
      o.start(); o.stop(audio.currentTime + 0.18);
    } catch (e) { /* no audio */ }
  }
  var queueCount = 0;
  function updateTitle() {
    var unread = 0;
    Object.keys(convs).forEach(function (id) { unread += convs[id].unread || 0; });
    var n = unread + queueCount;
    document.title = $('title-alert').checked && n > 0 ? '(' + n + ') ' + baseTitle : baseTitle;
  }

  // The top bar's height, for what sticks right below it (the new-suggestion band, style.css):
  // one line or two, whatever the width and the text size (walk-console21).
  var topBar = document.querySelector('.bar');
  function measureBar() {
    if (topBar) { document.documentElement.style.setProperty('--bar-height', topBar.getBoundingClientRect().height + 'px'); }
  }
  measureBar();
  if (topBar && window.ResizeObserver) { new ResizeObserver(measureBar).observe(topBar); } else { window.addEventListener('resize', measureBar); }

  // ---- language ----
  function applyLang() {
    document.documentElement.lang = lang;
    document.querySelectorAll('[data-en]').forEach(function (e) {
      if (e.dataset.nl === undefined) { e.dataset.nl = e.textContent; }
      e.textContent = lang === 'en' ? e.dataset.en : e.dataset.nl;
    });
    document.querySelectorAll('[data-en-label]').forEach(function (e) {
      if (e.dataset.nlLabel === undefined) { e.dataset.nlLabel = e.getAttribute('aria-label'); }
      e.setAttribute('aria-label', lang === 'en' ? e.dataset.enLabel : e.dataset.nlLabel);
    });
    $('lang').setAttribute('lang', lang === 'en' ? 'nl' : 'en');
    baseTitle = lang === 'en' ? 'Counsellor console — zicht' : 'Hulpverlenersconsole — zicht';
    updateTitle();
    lastColleagues = '';
    queueRows = {};
    $('queue').textContent = '';
    refresh();
    renderTabs();
    renderConv();
    // Every status line and notice on screen, written again in the chosen language.
    Object.keys(spoken).forEach(function (id) { speak(id, spoken[id]); });
    // The panel's status line is written in one language: written again.
    if (current && convs[current] && convs[current].mode === 'own') { assistLoad(current); }
    if (!$('end-confirm').hidden) { fillEndOpen(); }
    if (!$('close-confirm').hidden) { fillCloseOpen(); }
    renderClosed();
  }
  // The chosen language is kept in this browser (walk45, minor 3: English was lost on a reload);
  // staff only, a word and no more.
  $('lang').addEventListener('click', function () {
    lang = lang === 'en' ? 'nl' : 'en';
    try { localStorage.setItem('zicht:console-lang', lang); } catch (e) { /* no storage */ }
    applyLang();
  });
  // Logging out leaves no unsaved registration behind in this tab (finding 1 of the newcomer's shift).
  function logout() { loggingOut = true; forgetDrafts(true); api('POST', '/console/api/logout').then(function () { window.location.replace('/console'); }); }
  // Her ended chats whose registration is not closed yet ("Afgelopen"): they come back after the
  // next login, but logging out first asks, naming how many (fix43, finding 3).
  function unregistered() { return order.filter(function (id) { var c = convs[id]; return !!c && c.mode === 'own' && !!c.ended; }); }
  function closeLogoutConfirm(back) {
    $('logout-confirm').hidden = true;
    speak('logout-q', null);
    speak('logout-d', null);
    if (back) { $('logout').focus(); }
  }
  $('logout').addEventListener('click', function () {
    if (!unregistered().length) { logout(); return; }
    speak('logout-q', function () { return tr('logoutQ')(unregistered().length); });
    speak('logout-d', function () { return tr('logoutD')(unregistered().length); });
    $('logout-confirm').hidden = false;
    $('logout-register').focus();
  });
  $('logout-anyway').addEventListener('click', logout);
  // "Eerst registreren" opens the first of them at its registration.
  $('logout-register').addEventListener('click', function () {
    var first = unregistered()[0];
    closeLogoutConfirm(!first);
    if (first) { select(first); backToRegistration(); }
  });
  $('logout-confirm').addEventListener('keydown', function (e) {
    if (e.key === 'Escape') { e.preventDefault(); closeLogoutConfirm(true); }
  });

  // ---- conversations held by this console ----
  // conv id -> {summary, messages, lastSeq, unread, ended, online, pending, mode: own|offer|watch, offer, status}
  var convs = {};
  var order = [];
  var current = null;
  function conv(id, summary) {
    if (!convs[id]) {
      convs[id] = { summary: summary || {}, messages: [], lastSeq: 0, unread: 0, ended: null, online: true, pending: {}, mode: 'own' };
      order.push(id);
      // An unsaved registration of this chat kept in this tab before a reload comes back.
      var kept = readDraft(id);
      if (kept) { convs[id].regDraft = kept.reg; convs[id].regBase = kept.base; convs[id].restored = true; }
      // So does the reply she was typing (walk-console34, finding 5).
      var typed = readReply(id);
      if (typed) { convs[id].draft = typed; convs[id].replyRestored = true; }
    }
    if (summary) {
      convs[id].summary = summary;
      convs[id].online = summary.online !== false;
      convs[id].goneAt = convs[id].online ? null : Date.now() - 1000 * (summary.gone_seconds || 0);
    }
    return convs[id];
  }
  function drop(id) {
    if (regFor === id) { regFor = null; }
    // Closed, transferred away or no longer shown: its unsaved registration is not kept in the tab.
    forgetDraft(id);
    if (queueNoteOpen === id) { clearQueueNote(); }
    delete convs[id];
    order = order.filter(function (x) { return x !== id; });
    if (current === id) { current = null; }
  }
  // A short notice under the queue (`make` writes it in the language of the moment). It reports
  // one event and goes once that event is past (walk-console18, finding 5): when the counsellor
  // opens a chat (she has moved on), when the queue card it is about (`about`) has left the queue,
  // and at the latest after ten seconds, so that it never looks current when it is not
  // (walk-console34, finding 6: half a minute read as "stays for minutes" beside a new visitor);
  // a report of what she did (no `about`, no `open`) goes too once a new visitor arrives.
  // A notice that says which chat is open now (`open`, "Nu open: het gesprek met …") goes once
  // that chat ends or is closed (walk-console22, finding 5).
  var NOTE_MS = 10000;
  var queueNoteTimer = null;
  var queueNoteAbout = null;
  var queueNoteOpen = null;
  function queueNote(make, about, open) {
    clearTimeout(queueNoteTimer);
    queueNoteAbout = about || null;
    queueNoteOpen = open || null;
    speak('queue-status', make);
    queueNoteTimer = setTimeout(clearQueueNote, NOTE_MS);
  }
  function clearQueueNote() {
    clearTimeout(queueNoteTimer);
    queueNoteAbout = null;
    queueNoteOpen = null;
    speak('queue-status', null);
  }
  function channelName(code) {
    var li = document.querySelector('#channel-stats li[data-channel="' + code + '"] .ch-name');
    return li ? li.textContent : code;
  }
  // A visitor's name as she chose it; the internal tag is never shown (walk-console14, finding 10).
  // Two visits with the same name are told apart in words: "noor" and "noor (2)", numbered by
  // when each chat started (the earlier one plain), so that every list says the same before and
  // after a reload or a new login (walk48, S3: in the order this page met them, the "(2)" moved to
  // the other visit after logging in again).
  var byName = {};
  var metCount = 0;
  // Registers a visit; true when it is new or its start time is new to the page.
  function meet(s) {
    var name = s.username || '';
    var key = s.tag || s.conv || '';
    var list = byName[name] || (byName[name] = []);
    var at = Date.parse(s.created_at || '');
    at = isNaN(at) ? null : at;
    var v = list.filter(function (x) { return x.key === key; })[0];
    if (!v) { list.push({ key: key, at: at, met: metCount++ }); return true; }
    if (v.at === null && at !== null) { v.at = at; return true; }
    return false;
  }
  function visitOrder(a, b) {
    if (a.at !== null && b.at !== null && a.at !== b.at) { return a.at - b.at; }
    if ((a.at === null) !== (b.at === null)) { return a.at === null ? 1 : -1; }
    return a.met - b.met;
  }
  function nick(s) {
    meet(s);
    var name = s.username || '';
    var key = s.tag || s.conv || '';
    var i = byName[name].slice().sort(visitOrder).map(function (x) { return x.key; }).indexOf(key);
    return i > 0 ? name + ' (' + (i + 1) + ')' : name;
  }
  // Her closed chats of the last day are met when the page starts and whenever the list comes,
  // so that a name's number does not wait for "Gesloten gesprekken" to be opened; the lists and
  // the open chat's header are drawn again when a number changed.
  function meetClosed(rows) {
    var changed = false;
    rows.forEach(function (s) { if (meet(s)) { changed = true; } });
    if (changed) { namesChanged(); }
  }
  function namesChanged() {
    renderTabs();
    renderClosed();
    var c = current && convs[current];
    if (!c || !c.summary) { return; }
    if (c.mode === 'closed') { $('reg-closed').textContent = tr('closedIntro')(nick(c.summary), closedWhen(c.summary.ended_at)); }
    $('conv-h').textContent = nick(c.summary) + ' · ' + channelName(c.summary.channel || '') + ' · ' + visitorSaid(c.summary);
  }
  // What the visitor filled in about themself at the intake, said as such: the age is the
  // visitor's, not necessarily the victim's (walk-console17, finding 4). The queue card and the
  // chat's header say it in the same words (walk-console18, finding 3): "46 jaar, vrouw (zelf
  // ingevuld)", and "niets over zichzelf ingevuld" when the visitor left both empty.
  function intakeSaid(s) {
    if (!s.age && !s.gender) { return tr('nothingFilled'); }
    var parts = [];
    if (s.age) { parts.push(tr('years')(s.age) + (s.age < 12 ? ' (' + tr('under12') + ')' : '')); }
    if (s.gender) { parts.push(tr(s.gender)); }
    var said = parts.join(', ') + ' ' + tr('selfFilled');
    return s.age ? said : said + ', ' + tr('ageNotGiven');
  }
  function visitorSaid(s) { return tr('visitorSaid') + ': ' + intakeSaid(s); }
  // "bezoeker heeft geen verbinding sinds 2:10": a network drop of seconds
  // and a tab closed minutes ago do not look alike.
  function offlineText(c) {
    var since = c.goneAt ? Math.max(0, Math.floor((Date.now() - c.goneAt) / 1000)) : 0;
    return tr('offline') + ' ' + tr('since') + ' ' + clock(since);
  }
  setInterval(function () {
    var any = order.some(function (id) { return convs[id] && !convs[id].online && !convs[id].ended; });
    if (!any) { return; }
    renderTabs();
    var c = current && convs[current];
    if (c && !c.online && !c.ended && !c.status) { speak('conv-status', function () { return offlineText(c); }); }
  }, 5000);
  function clock(sec) { var m = Math.floor(sec / 60); var s = sec % 60; return m + ':' + (s < 10 ? '0' : '') + s; }
  // How long, said as a length of time: "38 s", "2 min 05 s"; "0:38" read as hours and minutes
  // (walk-console22, finding 9).
  function span(sec) {
    sec = Math.max(0, Math.floor(sec || 0));
    var m = Math.floor(sec / 60), s = sec % 60;
    return m ? m + ' min ' + (s < 10 ? '0' : '') + s + ' s' : s + ' s';
  }

  // Running conversations in "Mijn gesprekken"; ended ones below in "Afgelopen",
  // without unread badges, until they are closed after the registration.
  function renderTabs() {
    var focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.conv : null;
    $('mine').textContent = '';
    $('mine-ended').textContent = '';
    var endedCount = 0;
    var shown = 0;
    order.forEach(function (id) { nick(convs[id].summary); });
    order.forEach(function (id) {
      var c = convs[id];
      // A closed chat opened from "Gesloten gesprekken" is listed there, not here.
      if (c.mode === 'closed') { return; }
      shown += 1;
      var ul = c.ended ? $('mine-ended') : $('mine');
      if (c.ended) { c.unread = 0; endedCount += 1; }
      var li = el('li', c.ended ? 'ended-tab' : '');
      var b = el('button');
      b.type = 'button';
      b.dataset.conv = id;
      b.setAttribute('aria-current', id === current ? 'true' : 'false');
      // The age beside the name: three visitors called "Noor" are told apart at a glance; in
      // words, "15 jaar", never a bare number (walk-console21, finding 4), and whose it is, as the
      // header says it: the visitor's own, not necessarily the victim's (walk-console22, finding 8),
      // and from the start, not the registered age ("bij de start ingevuld: 16 jaar", walk41, finding 3).
      var age = c.summary.age ? ' · ' + tr('tabAge')(c.summary.age) : '';
      b.appendChild(el('span', 'nick', nick(c.summary) + age + ' · ' + channelName(c.summary.channel || '')));
      var note = c.mode === 'watch' ? tr('watching') : c.mode === 'offer' ? tr('offer') : c.ended ? tr('endedTab_' + c.ended) : (c.online ? '' : offlineText(c));
      if (note) { b.appendChild(el('span', 'offline', note)); }
      if (c.mode === 'own' && regDirty(id)) { b.appendChild(el('span', 'unsaved', tr('regUnsavedTab'))); }
      // The count of unread messages in words for a screen reader, "2 ongelezen berichten", not a
      // bare "2" (fix43, finding 7).
      if (c.unread) {
        var badge = el('span', 'badge', String(c.unread));
        badge.appendChild(el('span', 'sr-only', ' ' + tr('unreadWords')(c.unread)));
        b.appendChild(badge);
      }
      b.addEventListener('click', function () { select(id); });
      li.appendChild(b);
      ul.appendChild(li);
      if (focused === id) { b.focus(); }
    });
    $('mine-empty').hidden = shown > endedCount;
    document.querySelectorAll('#closed-list button').forEach(function (b) { b.setAttribute('aria-current', b.dataset.conv === current ? 'true' : 'false'); });
    $('ended-group').hidden = endedCount === 0;
    updateTitle();
    // A chat that moved to or from "Afgelopen" moves in "Gesloten gesprekken" too.
    if (closedRows && closedShown !== closedIds()) { renderClosed(); }
  }

  // Who wrote a message: "Jij" only for this counsellor's own lines; a
  // colleague's (before a transfer, or while reading along) carry their name.
  function bubble(m) {
    var staff = m.from === 'counsellor';
    var mine = staff && (m.pending || m.by === me);
    var li = el('li', 'msg ' + (mine ? 'me' : staff ? 'colleague' : 'them'));
    if (m.seq) { li.dataset.seq = String(m.seq); }
    if (staff && !mine) {
      var name = m.by_name || tr('colleague');
      li.appendChild(el('span', 'from', name));
      li.appendChild(el('span', 'sr-only', ': '));
    } else {
      li.appendChild(el('span', 'sr-only', (mine ? tr('you') : tr('visitor')) + ': '));
    }
    li.appendChild(el('p', 'text', m.failed ? m.text + ' (' + tr('notSent')(why(m.failed)) + ')' : m.text));
    var d = new Date(m.at);
    li.appendChild(el('span', 'meta', m.pending ? tr('sending') : (isNaN(d) ? '' : d.toLocaleTimeString(lang === 'en' ? 'en-GB' : 'nl-NL', { hour: '2-digit', minute: '2-digit' }))));
    if (m.pending) { li.classList.add('pending'); }
    return li;
  }
  function handoverLine(h) {
    var li = el('li', 'system handover');
    var d = new Date(h.at);
    var at = isNaN(d) ? '' : d.toLocaleTimeString(lang === 'en' ? 'en-GB' : 'nl-NL', { hour: '2-digit', minute: '2-digit' });
    li.appendChild(el('p', 'text', tr('handover')(h.from || tr('aColleague'), h.to || tr('aColleague'), at)));
    return li;
  }
  function renderConv() {
    var c = current && convs[current];
    storeOpen(c && (c.mode === 'own' || c.mode === 'closed') ? current : null, !!c && c.mode === 'closed');
    var closed = !!c && c.mode === 'closed';
    // A closed chat shows its registration; its conversation only once she asked to read it
    // again ("Gesprek teruglezen", a recorded read; fix43, finding 6).
    var reread = closed && !!c.reread;
    $('conversation').hidden = !c || (closed && !reread);
    $('registration').hidden = !c || (c.mode !== 'own' && !closed);
    $('no-conversation').hidden = !!c;
    $('reg-closed').hidden = !closed;
    $('reread-box').hidden = !closed;
    $('reread').hidden = reread;
    if ($('assist')) { $('assist').hidden = closed; }
    if (!c || c.mode !== 'offer') { placeNote(false); }
    if (!c) { speak('conv-status', null); return; }
    if (closed) { $('reg-closed').textContent = tr('closedIntro')(nick(c.summary), closedWhen(c.summary.ended_at)); }
    if (closed && !reread) { return; }
    $('conv-h').textContent = nick(c.summary) + ' · ' + channelName(c.summary.channel || '') + ' · ' + visitorSaid(c.summary);
    fitHeading();
    // The offer's note, then every stored transfer note (from the store).
    // The heading above says who wrote it (walk47, finding 3: "Notitie van anna bij de overdracht"
    // stood again as "Notitie van anna: ..."): one note is its text alone; of several each line
    // says whose it is.
    var lines = [];
    var offered = c.mode === 'offer' && c.offer;
    if (offered) { lines.push(tr('offerFrom')(c.offer.from) + (c.offer.note ? ': ' + c.offer.note : '')); }
    (c.notes || []).forEach(function (n) { lines.push(tr('noteFrom')(n.from || tr('colleague'), n.text)); });
    if (lines.length === 1) { lines = [offered ? c.offer.note || '' : c.notes[0].text]; }
    renderNote(c, lines);
    $('conv-watched').hidden = !(c.mode === 'own' && !c.ended && c.summary.supervisors > 0);
    $('conv-watched').textContent = tr('supervised');
    $('close-conv').textContent = tr('closeConv');
    // The chat keeps its place through a redraw (walk-console21, finding 7): at its bottom it
    // follows new messages, scrolled up (to a message marked as evidence, to read back) it stays
    // where it is; another chat starts at its bottom.
    var ol = $('transcript');
    var switched = ol.dataset.conv !== current;
    var follow = switched || atBottom(ol);
    var top = ol.scrollTop;
    var before = switched ? c.messages.length : Number(ol.dataset.count || 0);
    ol.dataset.conv = current;
    ol.dataset.count = String(c.messages.length);
    ol.textContent = '';
    // Where the chat passed from one counsellor to another, a line in the chat at that moment:
    // "Overgedragen van anna aan bram om 16:45" (fix45, finding 2), before the first message
    // written after it; the stored handovers come with the notes. Times are stored to the
    // second: in the handover's own second, only the new counsellor's messages come after it.
    var handovers = (c.handovers || []).map(function (h) { return { h: h, t: Date.parse(h.at) }; })
      .filter(function (x) { return !isNaN(x.t); });
    var hi = 0;
    function handoversBefore(m) {
      var t = m ? Date.parse(m.at) : null;
      if (m && isNaN(t)) { return; }
      while (hi < handovers.length) {
        var x = handovers[hi];
        var after = !m || x.t < t || (x.t === t && m.from === 'counsellor' && x.h.to_id != null && m.by === x.h.to_id);
        if (!after) { break; }
        ol.appendChild(handoverLine(x.h));
        hi++;
      }
    }
    c.messages.forEach(function (m) { handoversBefore(m); ol.appendChild(bubble(m)); });
    handoversBefore(null);
    Object.keys(c.pending || {}).forEach(function (cid) { ol.appendChild(bubble(c.pending[cid])); });
    // How it ended stands where it happened, after the last message, and names who did it:
    // "door jou" to the counsellor who ended it (walk-console14, finding 9).
    if (c.ended) {
      var end = el('li', 'system ended-note');
      end.appendChild(el('p', 'text', c.ended === 'counsellor' ? tr(c.mode === 'own' || c.mode === 'closed' ? 'by_you' : 'by_holder') : tr('by_' + c.ended)));
      var at = new Date(c.endedAt || c.summary.ended_at);
      if (!isNaN(at)) { end.appendChild(el('span', 'meta', at.toLocaleTimeString(lang === 'en' ? 'en-GB' : 'nl-NL', { hour: '2-digit', minute: '2-digit' }))); }
      ol.appendChild(end);
    }
    // The message of the quote she clicked stays marked (walk-console19, finding 4).
    var ev = c.evidence && ol.querySelector('li[data-seq="' + c.evidence.seq + '"]');
    if (ev) { markEvidence(ev, c.evidence.spans); }
    // A visitor without a connection, or gone, is a notice, not a grey aside: above the chat too.
    var alarming = c.ended === 'quick_exit' || c.ended === 'system' || (!c.ended && c.mode === 'own' && !c.online);
    var by = c.ended;
    speak('conv-status', by ? (alarming ? function () { return tr('by_' + by); } : null) : (c.status || (c.online ? null : function () { return offlineText(c); })));
    $('conv-status').classList.toggle('alert', alarming);
    $('conv-status').classList.toggle('calm', !!c.ended && !alarming);
    $('own-actions').hidden = c.mode !== 'own';
    $('offer-actions').hidden = c.mode !== 'offer' || !!c.ended;
    if (declineAsk !== (c.mode === 'offer' && !c.ended ? current : null)) { showDeclineAsk(null); }
    $('watch-actions').hidden = c.mode !== 'watch';
    var done = !!c.ended;
    $('reply-form').hidden = done;
    $('reply-help').hidden = done;
    $('end-conv').hidden = done;
    if (done || c.mode !== 'own') { $('end-confirm').hidden = true; }
    // One red "Gesprek beëindigen" at a time: the reply row's is hidden while the end dialog
    // (with its own) is open, and back on cancel (walk41, finding 7).
    $('end-conv').hidden = done || !$('end-confirm').hidden;
    if (!done || c.mode !== 'own') { $('close-confirm').hidden = true; }
    $('transfer-box').hidden = done || c.mode !== 'own';
    $('transfer-open').hidden = done || c.mode !== 'own';
    $('reply').disabled = done;
    $('close-conv').hidden = !done;
    $('canned').disabled = done;
    $('canned-box').hidden = done;
    $('address-box').hidden = done || c.mode !== 'own';
    $('address').value = c.summary.formal ? 'u' : 'je';
    if (done) { $('canned-list').hidden = true; }
    // Where the chat stands, set once everything around it is drawn: the reply box, the buttons
    // and the status lines above change its height, and a chat opened (by a click or by itself,
    // after a registration was closed) starts at its newest message (walk-console22, finding 1).
    ol.scrollTop = follow ? ol.scrollHeight : top;
    if (switched) {
      c.newBelow = false;
      requestAnimationFrame(function () { if (ol.dataset.conv === current) { ol.scrollTop = ol.scrollHeight; } });
    }
    // Scrolled up while the visitor writes: a button says new messages came (walk-console22,
    // finding 2), said once to a screen reader, gone at the bottom.
    var arrived = c.messages.slice(before).some(function (m) { return m.from !== 'counsellor' || m.by !== me; });
    if (follow) { c.newBelow = false; } else if (arrived && !c.newBelow) {
      c.newBelow = true;
      var who = nick(c.summary);
      speak('new-below-said', function () { return tr('newBelowSaid')(who); });
    }
    showNewBelow();
  }
  // The transfer note above the chat folds to one line (walk46, finding S3: at 1280x577 a note of
  // three lines stayed pinned above the transcript, about 95 px, and with one warning under the
  // reply box about 120 px of chat were left). "Notitie van anna bij de overdracht" with "Tonen"
  // (a button with aria-expanded) folds it open, "Verbergen" folds it again. It starts open on a
  // high window the first time the chat is shown; on a low one (a laptop's browser, below 40rem
  // high) and once it has been read (she went to another chat while it was open) it starts
  // folded. An offer's note starts open: she reads it before accepting. Her own choice stays with
  // the chat while the page lives.
  var lowWindow = window.matchMedia('(min-width: 64rem) and (max-height: 39.99rem)');
  function noteOpen(c) {
    if (typeof c.noteOpen === 'boolean') { return c.noteOpen; }
    if (c.mode === 'offer') { return true; }
    return !lowWindow.matches && !c.noteSeen;
  }
  function noteSummary(c) {
    var from = [];
    (c.notes || []).forEach(function (n) { var who = n.from || tr('colleague'); if (from.indexOf(who) < 0) { from.push(who); } });
    if (c.mode === 'offer' && c.offer) { return tr(c.offer.note ? 'offerNoteSum' : 'offerFrom')(c.offer.from); }
    return (c.notes || []).length === 1 ? tr('noteSum')(from[0]) : tr('notesSum')(c.notes.length, from);
  }
  // An offered chat's note stands whole in the right-hand column, empty until she accepts, and
  // the middle column is the chat's (walk48, S1: at 1280x577 the note had two of its five lines
  // beside an empty column); once accepted, or on a narrow window, it is back above the chat.
  var wideWindow = window.matchMedia('(min-width: 64rem)');
  function placeNote(side) {
    var box = $('note-box');
    var want = side ? $('offer-side') : $('conversation');
    $('offer-side').hidden = !side;
    if (box.parentNode === want) { return; }
    var had = box.contains(document.activeElement) ? document.activeElement : null;
    if (side) { want.appendChild(box); } else { want.insertBefore(box, $('conv-status')); }
    if (had) { had.focus(); }
  }
  function renderNote(c, lines) {
    var box = $('note-box');
    placeNote(c.mode === 'offer' && wideWindow.matches && lines.length > 0 && !!lines.join('').trim());
    box.hidden = !lines.length;
    $('conv-note').textContent = lines.join('\n');
    if (!lines.length) { return; }
    // An offer without a note: its heading alone, nothing to unfold.
    var empty = !lines.join('').trim();
    $('note-act').hidden = empty;
    var open = noteOpen(c) && !empty;
    c.noteShownOpen = open;
    $('conv-note').hidden = !open;
    box.classList.toggle('folded', !open);
    $('note-toggle').setAttribute('aria-expanded', open ? 'true' : 'false');
    $('note-sum').textContent = noteSummary(c);
    $('note-act').textContent = tr(open ? 'noteHide' : 'noteShow');
  }
  $('note-toggle').addEventListener('click', function () {
    var c = current && convs[current];
    if (!c) { return; }
    c.noteOpen = !noteOpen(c);
    renderConv();
  });
  if (lowWindow.addEventListener) { lowWindow.addEventListener('change', function () { if (current && convs[current]) { renderConv(); } }); }
  if (wideWindow.addEventListener) { wideWindow.addEventListener('change', function () { if (current && convs[current]) { renderConv(); } }); }
  // At a laptop's height the chat's heading stands on one line, cut off with "…" when it is longer
  // (layout46): then its whole text is its title and it is a Tab stop, where it unfolds (style.css).
  function fitHeading() {
    var h = $('conv-h');
    if (h === document.activeElement || h.matches(':hover')) { return; }
    var cut = h.scrollWidth > h.clientWidth + 1;
    if (cut) { h.title = h.textContent; h.setAttribute('tabindex', '0'); } else {
      h.removeAttribute('title');
      if (h.getAttribute('tabindex') === '0') { h.setAttribute('tabindex', '-1'); }
    }
  }
  window.addEventListener('resize', fitHeading);
  $('conv-h').addEventListener('blur', fitHeading);
  function atBottom(ol) { return ol.scrollHeight - ol.scrollTop - ol.clientHeight < 4; }
  // "Nieuwe berichten — naar beneden" under the chat, while the open chat has new messages below
  // what she reads.
  function showNewBelow() {
    var c = current && convs[current];
    var on = !!c && !!c.newBelow && c.mode !== 'closed';
    var b = $('new-below');
    if (!on && b === document.activeElement) { focusAfterChat(); }
    b.hidden = !on;
    if (!on) { speak('new-below-said', null); }
  }
  // Where the focus goes when she has gone down to the newest message: the reply box of a running
  // chat of hers, else the chat itself.
  function focusAfterChat() {
    var c = current && convs[current];
    if (c && c.mode === 'own' && !c.ended) { $('reply').focus(); } else { $('transcript').focus(); }
  }
  $('new-below').addEventListener('click', function () {
    var c = current && convs[current];
    var ol = $('transcript');
    ol.scrollTop = ol.scrollHeight;
    if (c) { c.newBelow = false; }
    focusAfterChat();
    showNewBelow();
  });
  $('transcript').addEventListener('scroll', function () {
    var c = current && convs[current];
    if (c && c.newBelow && atBottom(this)) { c.newBelow = false; showNewBelow(); }
  }, { passive: true });
  // A chat read at its bottom stays at its bottom when its box grows or shrinks (a panel opens or
  // closes in the reply box's place, the window changes): the newest message stays in view
  // (fix43, finding 1).
  var chatHeight = 0;
  if (window.ResizeObserver) {
    new ResizeObserver(function () {
      var ol = $('transcript');
      if (ol.scrollHeight - ol.scrollTop - chatHeight < 4 || atBottom(ol)) { ol.scrollTop = ol.scrollHeight; }
      chatHeight = ol.clientHeight;
    }).observe($('transcript'));
  }
  function select(id) {
    if (current && current !== id && convs[current]) { convs[current].draft = $('reply').value; storeReply(current); }
    // The transfer form belongs to its chat: what stands in it stays with the chat she leaves,
    // and the chat she opens brings its own back (or what she offered it with; walk46, M2).
    if (current !== id) {
      if (current && convs[current]) { convs[current].transferForm = { to: $('transfer-to').value, note: $('transfer-note').value, mode: (document.querySelector('input[name=transfer-mode]:checked') || { value: 'warm' }).value }; }
      var tf = convs[id] && (convs[id].transferForm || convs[id].transferKept);
      $('transfer-to').value = tf && Array.prototype.some.call($('transfer-to').options, function (o) { return o.value === tf.to; }) ? tf.to : '';
      $('transfer-note').value = tf ? tf.note : '';
      var tm = document.querySelector('input[name=transfer-mode][value="' + (tf ? tf.mode : 'warm') + '"]');
      if (tm) { tm.checked = true; }
    }
    // A transfer note she had open on screen has been read: folded the next time (finding S3).
    if (current && current !== id && convs[current] && convs[current].noteShownOpen && !$('note-box').hidden) { convs[current].noteSeen = true; }
    // A closed chat's transcript read again is not kept once she goes elsewhere: reading it
    // again is another recorded read.
    if (current && current !== id && convs[current] && convs[current].mode === 'closed') { forgetReread(convs[current]); }
    // The registration form as it is now stays with its chat (also when the open chat is clicked again).
    keepRegDraft();
    var switched = current !== id;
    // A notice under the queue reports what happened before; opening a chat moves on from it.
    clearQueueNote();
    // So does the spoken note of how the last chat's visitor is addressed (walk43, finding M2:
    // it still named the father while the girl's chat was on screen).
    if (switched) { speak('address-status', null); }
    current = id;
    var c = convs[id];
    c.unread = 0;
    $('close-confirm').hidden = true;
    $('reply').value = c.draft || '';
    // A reply brought back after a reload is said beside the box, once.
    addressWarned = false;
    if (c.replyRestored && c.draft) { c.replyRestored = false; showSlash(function () { return tr('replyRestored'); }, true); } else { showSlash(null); }
    speak('transfer-error', null);
    renderTabs();
    renderConv();
    // Measured once the chat is shown (hidden, the box has no height to measure).
    fitReply();
    // A chat switched to starts at the top of its registration, where its suggestions are, so a
    // new one is not missed (walk-console18, finding 2; walk-console19, finding 2: also a chat
    // shown before); again once its suggestions are in. Clicking the open chat again, or the
    // server's word about it, leaves the panel where it is.
    if (switched) {
      $('registration').scrollTop = 0;
      c.regScrollTop = true;
    }
    if (c.mode === 'own' || c.mode === 'closed') { loadRegistration(id); }
    if (c.mode === 'own' && c.ended && c.needsRead) { readEnded(id); }
    if (c.mode === 'closed') { $('reg-h').setAttribute('tabindex', '-1'); $('reg-h').focus(); return; }
    if (c.mode === 'own' && !c.ended) { $('reply').focus(); } else { $('conv-h').setAttribute('tabindex', '-1'); $('conv-h').focus(); }
  }

  // ---- queue, channels, colleagues and the supervisor's overview: pushed ("queue" frames) and polled ----
  // Rows are updated in place, so keyboard focus stays where it is.
  var queueRows = {};
  var seenQueue = null;
  var wantOpen = null;
  function queueRow(q) {
    var li = el('li', 'card');
    li.appendChild(el('span', 'nick'));
    li.appendChild(el('span', 'meta'));
    li.appendChild(el('span', 'presence'));
    var b = el('button', '', tr('take'));
    b.type = 'button';
    b.addEventListener('click', function () {
      wantOpen = q.conv;
      api('POST', '/console/api/take', { conv: q.conv }).then(function (res) {
        var gone = res.body.error === 'visitor_gone';
        // "neem de volgende aan" only while someone else waits (walk-console21, finding 6); the
        // queue's next redraw writes the notice again, so it follows who comes and goes.
        var say = function () { return gone ? tr('visitorGone')(othersWaiting(q.conv)) : tr('taken'); };
        if (!res.ok) { wantOpen = null; queueNote(say, q.conv); }
        refresh();
      });
    });
    li.appendChild(b);
    return li;
  }
  // The queue as the server last said it.
  var queueList = [];
  function othersWaiting(id) { return queueList.some(function (q) { return q.online && q.conv !== id; }); }
  function renderQueue(list) {
    var ul = $('queue');
    queueList = list;
    // Every name met first, so that two equal names are numbered in the same pass.
    list.forEach(nick);
    var keep = {};
    list.forEach(function (q, i) {
      keep[q.conv] = true;
      var li = queueRows[q.conv];
      if (!li) { li = queueRow(q); queueRows[q.conv] = li; }
      li.querySelector('.nick').textContent = nick(q);
      li.querySelector('.meta').textContent = channelName(q.channel) + ' · ' + visitorSaid(q);
      // How long the visitor waits, said as such and as a length of time: "wacht 38 s", "wacht
      // 2 min 05 s", never a bare time (walk-console21, finding 5; walk-console22, finding 9);
      // one who left says how long ago instead.
      var p = li.querySelector('.presence');
      p.textContent = q.online ? tr('waitsFor')(span(q.waiting_seconds)) : tr('goneFor')(span(q.gone_seconds || 0));
      li.classList.toggle('gone', !q.online);
      // One who left cannot be taken: no button, the card says so.
      li.querySelector('button').hidden = !q.online;
      li.querySelector('button').setAttribute('aria-label', tr('take') + ': ' + nick(q));
      if (ul.children[i] !== li) { ul.insertBefore(li, ul.children[i] || null); }
    });
    Object.keys(queueRows).forEach(function (id) { if (!keep[id]) { queueRows[id].remove(); delete queueRows[id]; } });
    // "Deze bezoeker is vertrokken" no longer applies once that visitor has left the queue.
    if (queueNoteAbout && !keep[queueNoteAbout]) { clearQueueNote(); } else if (queueNoteAbout && spoken['queue-status']) { speak('queue-status', spoken['queue-status']); }
    $('queue-empty').hidden = list.length > 0;
    $('clear-abandoned').hidden = !list.some(function (q) { return !q.online; });
    // A new visitor: alert once.
    var ids = list.map(function (q) { return q.conv; });
    if (seenQueue && ids.some(function (id) { return seenQueue.indexOf(id) < 0; })) {
      beep();
      if (!queueNoteAbout && !queueNoteOpen && spoken['queue-status']) { clearQueueNote(); }
    }
    seenQueue = ids;
    // Visitors who left are not waiting for anyone: they do not count in the title.
    queueCount = list.filter(function (q) { return q.online; }).length;
    updateTitle();
  }
  function renderStats(channels) {
    channels.forEach(function (s) {
      var li = document.querySelector('#channel-stats li[data-channel="' + s.channel + '"] .stat');
      if (!li) { return; }
      var t = tr('waiting')(s.waiting);
      if (s.gone) { t += ' (' + tr('goneCount')(s.gone) + ')'; }
      // The estimate is the one the last visitor in line is told (hub.rs, one computation; walk41,
      // finding 5: "ca. 11 min" for a new visitor beside her "6 minutes").
      // An estimated wait only while someone is waiting: beside an empty queue "ca. 4 min
      // wachten" reads as if someone were (newcomer's shift, finding 5; the server sends none then).
      if (s.estimate && s.waiting - (s.gone || 0) > 0) { t += ' · ' + tr('estimate')(s.estimate); }
      // Outside its opening hours, as the visitors see it (walk-console17, finding 6).
      if (s.open === false) {
        var at = s.opens_at;
        var when = !at ? '' : s.opens_in_days === 0 ? tr('opensToday')(at) : s.opens_in_days === 1 ? tr('opensTomorrow')(at) : tr('opensOn')(tr('days')[s.opens_day] || '', at);
        t += ' · ' + tr('chClosed') + (when ? ', ' + when : '');
      }
      li.textContent = t;
      li.parentNode.classList.toggle('ch-closed', s.open === false);
    });
  }
  var lastColleagues = '';
  function renderColleagues(list) {
    var sig = JSON.stringify(list);
    if (sig === lastColleagues) { return; }
    lastColleagues = sig;
    var sel = $('transfer-to');
    var keep = sel.value;
    sel.textContent = '';
    var first = el('option', '', tr('pickColleague'));
    first.value = '';
    sel.appendChild(first);
    list.filter(function (c) { return !c.me; }).sort(function (a, b) { return (b.online ? 1 : 0) - (a.online ? 1 : 0); }).forEach(function (c) {
      var o = el('option', '', c.name + ' (' + (c.online ? tr('online') : tr('offlineColleague')) + ')');
      o.value = String(c.id);
      o.dataset.name = c.name;
      sel.appendChild(o);
    });
    if (Array.prototype.some.call(sel.options, function (o) { return o.value === keep; })) { sel.value = keep; }
  }
  var overviewRows = {};
  var overviewData = {};
  function renderOverview(list) {
    var ul = $('overview');
    if (!ul || !list) { return; }
    var keep = {};
    list.forEach(function (o, i) {
      keep[o.conv] = true;
      overviewData[o.conv] = o;
      var li = overviewRows[o.conv];
      if (!li) {
        li = el('li', 'card');
        li.appendChild(el('span', 'nick'));
        li.appendChild(el('span', 'meta'));
        var b = el('button', '', tr('readAlong'));
        b.type = 'button';
        b.addEventListener('click', function () { watch(o.conv); });
        li.appendChild(b);
        overviewRows[o.conv] = li;
      }
      li.querySelector('.nick').textContent = nick(o) + ' · ' + channelName(o.channel);
      // A time in words, as on the queue cards: "wacht 38 s", or how long ago a running chat began.
      li.querySelector('.meta').textContent = (o.state === 'active' ? tr('with')(o.counsellor_name || '?') + ' · ' + tr('started')(span(o.waiting_seconds))
        : tr('nobody') + ' · ' + tr('waitsFor')(span(o.waiting_seconds))) + (o.online ? '' : ' · ' + tr('offline'));
      var b2 = li.querySelector('button');
      b2.textContent = tr('readAlong');
      b2.setAttribute('aria-label', tr('readAlong') + ': ' + nick(o));
      b2.hidden = o.state !== 'active';
      if (ul.children[i] !== li) { ul.insertBefore(li, ul.children[i] || null); }
    });
    Object.keys(overviewRows).forEach(function (id) { if (!keep[id]) { overviewRows[id].remove(); delete overviewRows[id]; } });
    $('overview-empty').hidden = list.length > 0;
  }
  // At most one request at a time and about two a second, however busy the queue.
  var refreshing = false;
  var again = false;
  var lastRefresh = 0;
  function refresh() {
    if (refreshing) { again = true; return; }
    var wait = lastRefresh + 400 - Date.now();
    if (wait > 0) { refreshing = true; setTimeout(function () { refreshing = false; refresh(); }, wait); return; }
    refreshing = true;
    lastRefresh = Date.now();
    api('GET', '/console/api/state').then(function (r) {
      refreshing = false;
      if (again) { again = false; refresh(); }
      if (!r.ok) { return; }
      renderQueue(r.body.queue);
      renderStats(r.body.channels || []);
      renderColleagues(r.body.colleagues);
      renderOverview(r.body.overview);
    });
  }
  setInterval(refresh, 3000);
  $('clear-abandoned').addEventListener('click', function () {
    api('POST', '/console/api/clear-abandoned', {}).then(function (r) {
      var n = r.body.cleared, code = r.body.error;
      queueNote(r.ok ? function () { return tr('cleared')(n); } : function () { return tr('error') + why(code); });
      refresh();
    });
  });

  // ---- WebSocket with resume ----
  var ws = null;
  var retry = 0;
  function send(obj) { if (ws && ws.readyState === 1) { ws.send(JSON.stringify(obj)); } }
  function connect() {
    var proto = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    var sock = new WebSocket(proto + '//' + window.location.host + '/console/ws');
    ws = sock;
    sock.onopen = function () {
      retry = 0;
      speak('console-conn', null);
      heardAt = Date.now();
      clearInterval(pinger);
      pinger = setInterval(function () {
        if (Date.now() - heardAt > 18000) { lostConsole(sock); return; }
        try { sock.send('{"t":"ping"}'); } catch (e) { lostConsole(sock); }
      }, 10000);
      var after = {};
      Object.keys(convs).forEach(function (id) { if (convs[id].mode === 'own') { after[id] = convs[id].lastSeq; } });
      sock.send(JSON.stringify({ t: 'resume', after: after }));
      Object.keys(convs).forEach(function (id) {
        var p = convs[id].pending || {};
        Object.keys(p).forEach(function (cid) { sock.send(JSON.stringify({ t: 'msg', conv: id, cid: cid, text: p[cid].text })); });
        if (convs[id].mode === 'watch' && !convs[id].ended) { sock.send(JSON.stringify({ t: 'watch', conv: id })); }
      });
    };
    sock.onmessage = function (e) {
      heardAt = Date.now();
      var f;
      try { f = JSON.parse(e.data); } catch (err) { return; }
      handle(f);
    };
    sock.onclose = function () { lostConsole(sock); };
  }
  // The console's own connection: a banner while it is gone, a ping to notice a silent drop.
  var pinger = null;
  var heardAt = 0;
  function lostConsole(sock) {
    if (ws !== sock) { return; }
    ws = null;
    clearInterval(pinger);
    sock.onclose = null;
    try { sock.close(); } catch (e) { /* ignore */ }
    speak('console-conn', function () { return tr('consoleLost'); });
    setTimeout(connect, Math.min(10000, 1000 * Math.pow(2, retry++)));
  }
  window.addEventListener('offline', function () { if (ws) { lostConsole(ws); } });
  var typingTimer = null;
  function showTyping(id, on) {
    if (id !== current) { return; }
    clearTimeout(typingTimer);
    $('typing').hidden = !on;
    speak('typing', on ? function () { return tr('typing'); } : null);
    if (on) { typingTimer = setTimeout(function () { showTyping(current, false); }, 4000); }
  }
  function handle(f) {
    if (f.t === 'pong') { return; }
    if (f.t === 'assigned') {
      // An ended one (after a reload) that was closed here already stays closed.
      if (f.ended && closedHere(f.conv.conv)) { return; }
      var c = conv(f.conv.conv, f.conv);
      c.mode = 'own';
      c.ended = f.ended || null;
      c.offer = null;
      c.status = null;
      // An ended chat's transcript is not sent on resume (walk47, finding 4: a reload recorded
      // reads of a chat under "Afgelopen" nobody opened): it is read when she opens the chat.
      if (f.ended && !c.lastSeq && !c.messages.length) { c.needsRead = true; }
      renderTabs();
      // A conversation this counsellor just took or accepted opens by itself, and after a reload
      // the one that was open (walk-console34, finding 5; kept in this tab, see storeOpen).
      if (wantOpen === f.conv.conv || current === f.conv.conv || (!current && reopenId === f.conv.conv)) {
        if (reopenId === f.conv.conv) { reopenId = null; }
        wantOpen = null; select(f.conv.conv);
      } else if (f.transferred) { c.unread += 1; beep(); renderTabs(); queueNote(function () { return tr('transferredIn')(f.by); }); }
      // Its unsaved registration came back from this tab after a reload: said under the queue
      // (after the chat reopened, which moves on from older notices).
      if (c.restored && !c.restoredAnnounced) {
        c.restoredAnnounced = true;
        restoredNames.push(nick(c.summary));
        var names = restoredNames.slice();
        queueNote(function () { return tr('draftsRestored')(names); });
      }
      refresh();
    } else if (f.t === 'offer') {
      var fresh = !convs[f.conv.conv];
      var o = conv(f.conv.conv, f.conv);
      if (fresh) { o.mode = 'offer'; }
      o.offer = { from: f.from, note: f.note };
      o.unread += 1;
      beep();
      renderTabs();
      if (!current) { select(f.conv.conv); } else if (current === f.conv.conv) { renderConv(); }
    } else if (f.t === 'address') {
      // How the visitor's page addresses the visitor (this console's choice, or a colleague's
      // before a transfer).
      if (convs[f.conv]) { convs[f.conv].summary.formal = f.formal === true; if (f.conv === current) { $('address').value = f.formal ? 'u' : 'je'; } }
    } else if (f.t === 'declined') {
      if (convs[f.conv]) {
        var d = convs[f.conv];
        var kept = !!d.transferKept;
        d.transferForm = null;
        d.status = function () { return tr('declined')(f.by) + (kept ? ' ' + tr('declinedKept') : ''); };
        if (f.conv === current) { refillTransfer(f.conv); renderConv(); }
      }
    } else if (f.t === 'msg') {
      if (!convs[f.conv] && closedHere(f.conv)) { return; }
      var m = conv(f.conv);
      if (f.seq <= m.lastSeq) { return; }
      m.lastSeq = f.seq;
      if (m.pending && m.pending[f.cid]) { delete m.pending[f.cid]; }
      m.messages.push(f);
      if (f.from === 'visitor') { showTyping(f.conv, false); }
      if (!f.history && (f.conv !== current || document.hidden)) {
        if (f.conv !== current) { m.unread += 1; }
        if (f.from === 'visitor' && m.mode === 'own') { beep(); }
        renderTabs();
      }
      if (f.conv === current) { renderConv(); }
      // The suggester runs on the live conversation: a second after the visitor's last message.
      if (f.from === 'visitor' && !f.history && f.conv === current && m.mode === 'own') { assistSoon(f.conv); }
    } else if (f.t === 'typing') {
      showTyping(f.conv, true);
    } else if (f.t === 'notes') {
      if (convs[f.conv]) { convs[f.conv].notes = f.notes || []; convs[f.conv].handovers = f.handovers || []; if (f.conv === current) { renderConv(); } }
    } else if (f.t === 'supervisors') {
      if (convs[f.conv]) { convs[f.conv].summary.supervisors = f.count; if (f.conv === current) { renderConv(); } }
    } else if (f.t === 'unassigned') {
      dropShown(f.conv, 'moved');
    } else if (f.t === 'ended') {
      if (convs[f.conv]) {
        var e = convs[f.conv];
        if (e.mode === 'offer') { dropShown(f.conv, 'offerGone'); return; }
        e.ended = f.by;
        e.endedAt = new Date().toISOString();
        if (queueNoteOpen === f.conv) { clearQueueNote(); }
        e.unread = 0;
        renderTabs();
        if (f.conv === current) {
          showTyping(current, false);
          renderConv();
          // The empty panel's line says the chat is over now (walk46, minor 5).
          if (spoken['assist-status']) { speak('assist-status', spoken['assist-status']); }
          // A hint that names the save button names the one beside the chat now (finding M4).
          if (spoken['reg-status']) { speak('reg-status', spoken['reg-status']); }
        }
      }
    } else if (f.t === 'presence') {
      if (convs[f.conv]) {
        convs[f.conv].online = f.online;
        convs[f.conv].goneAt = f.online ? null : Date.now();
        renderTabs();
        if (f.conv === current) { renderConv(); }
      }
      refresh();
    } else if (f.t === 'queue') {
      refresh();
    } else if (f.t === 'watching') {
      var w = conv(f.conv);
      w.mode = 'watch';
      renderTabs();
      select(f.conv);
    } else if (f.t === 'error' && f.cid && f.conv && convs[f.conv]) {
      var pc = convs[f.conv];
      if (pc.pending[f.cid]) { pc.pending[f.cid].failed = f.code; delete pc.pending[f.cid].pending; }
      if (f.conv === current) { renderConv(); }
    }
  }
  function watch(id) {
    if (convs[id]) { select(id); return; }
    conv(id, overviewData[id] || {});
    convs[id].mode = 'watch';
    send({ t: 'watch', conv: id });
  }

  // ---- actions ----
  function newCid() {
    var b = new Uint8Array(12);
    window.crypto.getRandomValues(b);
    return Array.from(b, function (x) { return x.toString(16).padStart(2, '0'); }).join('');
  }
  // A reply that starts with "/" is a canned response asked for, never a message (walk-console34,
  // finding 2: "/saf", matching nothing, reached the visitor as "/saf"). Enter with it does not
  // send it: when the list has texts for it the list opens again; when none matches, the line
  // beside the box says so and that nothing was sent, as often as she presses Enter. A message
  // that really starts with "/" goes only by the explicit "Toch versturen als bericht" there.
  function slashOf(text) { var m = /^\/(\S*)/.exec(text); return m ? m[1] : null; }
  function slashMatches(q) {
    q = q.toLowerCase();
    // By the title in the console's language, as the list shows it; at most six.
    var found = canned.filter(function (c) {
      var t = cannedTitle(c).toLowerCase();
      return t.indexOf(q) === 0 || (q.length > 1 && t.indexOf(q) >= 0);
    });
    // To a visitor addressed as "u" the formal texts come first (walk43, finding M1: one Enter
    // sent "Hoi, fijn dat je er bent" to a father addressed formally), in the order they have.
    var c = current && convs[current];
    if (c && c.summary && c.summary.formal) {
      var formalText = function (x) { return /\bu\b|formeel|formal/.test(cannedTitle(x).toLowerCase()); };
      found = found.filter(formalText).concat(found.filter(function (x) { return !formalText(x); }));
    }
    return found.slice(0, 6);
  }
  function showSlash(make, noButton) {
    $('slash-box').hidden = !make;
    $('send-anyway').hidden = !!noButton;
    speak('reply-slash', make);
  }
  $('reply-form').addEventListener('submit', function (e) {
    e.preventDefault();
    sendReply(false);
  });
  $('send-anyway').addEventListener('click', function () { sendReply(true); $('reply').focus(); });
  function sendReply(anyway) {
    var text = $('reply').value.trim();
    if (!text || !current || convs[current].mode !== 'own' || convs[current].ended) { return; }
    if (!anyway && slashOf(text) !== null) {
      var word = text.split(/\s/)[0];
      if (/^\/\S*$/.test(text) && slashMatches(slashOf(text)).length) {
        suggest();
        showSlash(function () { return tr('slashList')(word); });
      } else {
        showSlash(function () { return tr('slashNone')(word); });
      }
      return;
    }
    // A canned text in the other form of address, or a closing text while the chat runs, is not
    // sent by the Enter after its insert (walk47, finding 1: "Enter, Enter" sent a "je" text to a
    // visitor addressed as "u", and a goodbye mid-chat): that Enter (or "Verstuur") asks in the
    // line under the box; the next one sends; an edit of the text takes the question back.
    var g = convs[current].guard;
    if (!anyway && g && g.text === $('reply').value && !g.asked) {
      var clash = addressClash(text);
      if (g.closing || clash) {
        g.asked = true;
        var closing = g.closing;
        showSlash(function () { return tr('cannedAgain')(closing, clash); }, true);
        return;
      }
    }
    convs[current].guard = null;
    showSlash(null);
    addressWarned = false;
    var c = convs[current];
    var cid = newCid();
    c.pending[cid] = { from: 'counsellor', text: text, pending: true };
    // Her own message: the chat goes to its bottom, where it stands.
    $('transcript').scrollTop = $('transcript').scrollHeight;
    $('reply').value = '';
    c.draft = '';
    storeReply(current);
    fitReply();
    closeSuggest();
    renderConv();
    send({ t: 'msg', conv: current, cid: cid, text: text });
  }
  // The reply box starts at two lines and grows with what she types, up to its CSS max-height
  // (then it scrolls), so the chat keeps its room (walk-console34, finding 1).
  function fitReply() {
    var r = $('reply');
    r.style.height = '';
    if (r.value) { r.style.height = (r.scrollHeight + r.offsetHeight - r.clientHeight) + 'px'; }
  }
  var typedAt = 0;
  $('reply').addEventListener('input', function () {
    fitReply();
    if (current && convs[current]) { convs[current].draft = $('reply').value; storeReply(current); }
    // An edit of an inserted canned text takes back its question (walk47, finding 1).
    var gc = current && convs[current];
    if (gc && gc.guard && gc.guard.text !== $('reply').value) {
      var asked = gc.guard.asked;
      gc.guard = null;
      if (asked) { showSlash(null); warnAddress(); }
    }
    if (addressWarned) { var clash = addressClash($('reply').value); if (!clash) { addressWarned = false; showSlash(null); } } else if (slashOf($('reply').value) === null) { showSlash(null); }
    suggest();
    var now = Date.now();
    if (current && now - typedAt > 2000 && $('reply').value.trim() && $('reply').value.charAt(0) !== '/') {
      typedAt = now;
      send({ t: 'typing', conv: current });
    }
  });

  // ---- canned responses: "/" and a few letters ----
  // Each in Dutch and, where the configuration gives them, in English (walk-console34, finding 2):
  // the list shows and inserts the console's language.
  var canned = Array.prototype.slice.call($('canned').options, 1).map(function (o) {
    return { title: o.textContent, titleEn: o.dataset.en || o.textContent, text: o.value, textEn: o.dataset.textEn || o.value, closing: o.dataset.closing === '1' };
  });
  function cannedTitle(c) { return lang === 'en' ? c.titleEn : c.title; }
  function cannedText(c) { return lang === 'en' ? c.textEn : c.text; }
  var matches = [];
  var active = 0;
  function closeSuggest() { matches = []; $('canned-list').hidden = true; $('canned-list').textContent = ''; speak('canned-status', null); }
  function suggest() {
    var v = $('reply').value;
    // A title is looked for with its spaces too ("/welkom (u", "/u, f"; walk46, finding S2: a
    // space closed the list), up to 40 characters on one line.
    var m = /^\/([^\n]{0,40})$/.exec(v);
    if (m && m[1] && !slashMatches(m[1]).length && /\s/.test(m[1])) { m = null; }
    if (!m) { closeSuggest(); return; }
    matches = slashMatches(m[1]);
    active = 0;
    renderSuggest();
  }
  function renderSuggest() {
    var ul = $('canned-list');
    ul.textContent = '';
    if (!matches.length) { ul.hidden = true; speak('canned-status', null); return; }
    matches.forEach(function (c, i) {
      var li = el('li', i === active ? 'active' : '', cannedTitle(c));
      li.setAttribute('role', 'option');
      li.id = 'canned-' + i;
      li.setAttribute('aria-selected', i === active ? 'true' : 'false');
      li.appendChild(el('span', 'preview', cannedText(c)));
      li.addEventListener('mousedown', function (e) { e.preventDefault(); active = i; insertCanned(); });
      ul.appendChild(li);
    });
    ul.hidden = false;
    var title = cannedTitle(matches[active]);
    speak('canned-status', function () { return tr('cannedHint')(title); });
  }
  function insertCanned() {
    var c = matches[active];
    if (!c) { return; }
    $('reply').value = cannedText(c);
    showSlash(null);
    closeSuggest();
    afterInsert();
    warnAddress();
    guardCanned(c.closing);
  }
  // What the next Enter asks about (see sendReply): the text as inserted, and whether it is a
  // closing text (`data-closing`, from its title: config::Canned::closing).
  function guardCanned(closing) {
    var c = current && convs[current];
    if (c) { c.guard = { text: $('reply').value, closing: !!closing, asked: false }; }
  }
  // A canned text that addresses the visitor otherwise than the chat is set to (walk46, finding
  // M1: one arrow key too many put "Hoi, fijn dat je er bent" in a chat set to "u", and Enter sent
  // it without a word): once it stands in the box, the line under the box says so; nothing is
  // sent until she presses Enter again (as always after inserting), and the line goes once the
  // text no longer says the other form (or is sent). Only a Dutch text is read: "je", "jij",
  // "jou", "jouw" against "u", "uw".
  function addressOfText(t) {
    var je = /(^|[^a-zà-ÿ])(je|jij|jou|jouw|jezelf)(?![a-zà-ÿ])/i.test(t);
    var u = /(^|[^a-zà-ÿ])(u|uw|uzelf)(?![a-zà-ÿ])/i.test(t);
    return je && !u ? 'je' : u && !je ? 'u' : null;
  }
  function addressClash(t) {
    var c = current && convs[current];
    if (!c || c.mode !== 'own' || c.ended) { return null; }
    var chat = c.summary.formal ? 'u' : 'je';
    var text = addressOfText(t);
    return text && text !== chat ? { text: text, chat: chat } : null;
  }
  var addressWarned = false;
  function warnAddress() {
    var clash = addressClash($('reply').value);
    addressWarned = !!clash;
    if (clash) { showSlash(function () { return tr('cannedAddress')(clash.text, clash.chat); }, true); }
  }
  function afterInsert() {
    fitReply();
    if (current && convs[current]) { convs[current].draft = $('reply').value; storeReply(current); }
    $('reply').focus();
  }
  $('reply').addEventListener('keydown', function (e) {
    if (matches.length) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        active = (active + (e.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length;
        renderSuggest();
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') { e.preventDefault(); insertCanned(); return; }
      if (e.key === 'Escape') { e.preventDefault(); closeSuggest(); return; }
    }
    if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); $('reply-form').requestSubmit(); }
  });
  // Closed once the focus has really left the box (a screenshot or another window's focus blurs it
  // for a moment and comes back).
  $('reply').addEventListener('blur', function () { setTimeout(function () { if (document.activeElement !== $('reply')) { closeSuggest(); } }, 150); });
  // "Aanspreken met" je or u: the visitor's page switches its texts at once (fix43, finding 5).
  $('address').addEventListener('change', function () {
    var c = current && convs[current];
    if (!c || c.mode !== 'own' || c.ended) { return; }
    var formal = this.value === 'u';
    c.summary.formal = formal;
    send({ t: 'address', conv: current, formal: formal });
    var who = nick(c.summary);
    speak('address-status', function () { return tr(formal ? 'addressU' : 'addressJe')(who); });
    if (addressWarned && !addressClash($('reply').value)) { addressWarned = false; showSlash(null); }
  });
  $('canned').addEventListener('change', function () {
    var o = this.selectedOptions[0];
    if (this.value && o) { $('reply').value = lang === 'en' && o.dataset.textEn ? o.dataset.textEn : this.value; this.value = ''; showSlash(null); afterInsert(); warnAddress(); guardCanned(o.dataset.closing === '1'); }
  });

  // ---- transfer, end, close ----
  // "Overdragen aan collega" in the conversation's header opens the transfer form at the colleague list.
  // The form is shown only from there (walk-console34, finding 1: its fold-out line took the
  // chat's room); the button opens and closes it and says which.
  // One panel (transfer or end) at a time. On a laptop an open panel lies over the registration
  // column (layout44; walk43, S2/S3), so the chat keeps its room and, with the transfer panel
  // open, its reply box: that column is inert meanwhile, so Tab and a screen reader do not reach
  // what is under it. The end panel takes the reply box's place (style.css).
  var panelLayer = window.matchMedia('(min-width: 64rem) and (min-height: 30rem)');
  // The transfer panel lies over the top of that column only, as high as it is, and the
  // registration below it starts at its suggestions (walk46, finding M9: the panel covered the
  // whole column, so she could not see the suggestions she sums up in her note): the column gets
  // the panel's height as room at its top and scrolls to the suggestions.
  function syncPanelLayer() {
    var transfer = $('transfer-box').open && !$('transfer-box').hidden;
    var open = transfer || !$('end-confirm').hidden;
    var reg = $('registration');
    reg.inert = open && panelLayer.matches;
    if (!(transfer && $('end-confirm').hidden && panelLayer.matches)) { reg.classList.remove('under-panel'); }
    var room = transfer && $('end-confirm').hidden && panelLayer.matches ? Math.ceil($('transfer-box').getBoundingClientRect().height) : 0;
    var was = reg.dataset.room || '';
    reg.style.paddingTop = room ? 'calc(' + room + 'px + 0.9rem)' : '';
    reg.dataset.room = room ? String(room) : '';
    reg.classList.toggle('under-panel', !!room);
    if (room && !was) {
      var a = $('assist');
      var r = reg.getBoundingClientRect();
      if (a && !a.hidden && a.getClientRects().length) { reg.scrollTop += a.getBoundingClientRect().top - r.top - room - 12; } else { reg.scrollTop = 0; }
    }
  }
  if (window.ResizeObserver) { new ResizeObserver(function () { if ($('registration').dataset.room) { syncPanelLayer(); } }).observe($('transfer-box')); }
  if (panelLayer.addEventListener) { panelLayer.addEventListener('change', syncPanelLayer); }
  new MutationObserver(syncPanelLayer).observe($('end-confirm'), { attributes: true, attributeFilter: ['hidden'] });
  new MutationObserver(syncPanelLayer).observe($('transfer-box'), { attributes: true, attributeFilter: ['hidden', 'open'] });
  // The colleague, the note and the way of transferring she offered this chat with, back in the form.
  function refillTransfer(id) {
    var k = convs[id] && convs[id].transferKept;
    if (!k) { return; }
    var sel = $('transfer-to');
    if (Array.prototype.some.call(sel.options, function (o) { return o.value === k.to; })) { sel.value = k.to; }
    $('transfer-note').value = k.note;
    var m = document.querySelector('input[name=transfer-mode][value="' + k.mode + '"]');
    if (m) { m.checked = true; }
  }
  $('transfer-open').addEventListener('click', function () {
    var box = $('transfer-box');
    if (box.open) { box.open = false; return; }
    if (!$('end-confirm').hidden) { closeEndConfirm(false); }
    if (current && convs[current] && convs[current].transferKept && !$('transfer-note').value) { refillTransfer(current); }
    box.open = true;
    $('transfer-to').focus();
  });
  $('transfer-cancel').addEventListener('click', function () { $('transfer-box').open = false; $('transfer-open').focus(); });
  $('transfer-box').addEventListener('keydown', function (e) {
    if (e.key === 'Escape') { e.preventDefault(); this.open = false; $('transfer-open').focus(); }
  });
  $('transfer-box').addEventListener('toggle', function () {
    $('transfer-open').setAttribute('aria-expanded', this.open ? 'true' : 'false');
    var a = document.activeElement;
    if (!this.open && !$('transfer-open').hidden && (!a || a === document.body || this.contains(a))) { $('transfer-open').focus(); }
  });
  $('transfer').addEventListener('click', function () {
    var to = parseInt($('transfer-to').value, 10);
    speak('transfer-error', null);
    if (!current) { return; }
    if (!to) { speak('transfer-error', function () { return tr('noColleague'); }); $('transfer-to').focus(); return; }
    var mode = document.querySelector('input[name=transfer-mode]:checked').value;
    var id = current;
    var name = $('transfer-to').selectedOptions[0].dataset.name;
    api('POST', '/console/api/transfer', { conv: id, to: to, note: $('transfer-note').value, mode: mode }).then(function (r) {
      var code = r.body.error;
      if (!r.ok) { speak('transfer-error', function () { return T.nl[code] !== undefined ? tr(code) : tr('error') + why(code); }); return; }
      // What she chose and wrote stays with the chat until it is taken over: after a decline
      // the form holds it again, to offer it again or to someone else (walk46, finding M2).
      if (convs[id]) { convs[id].transferKept = { to: String(to), note: $('transfer-note').value, mode: mode }; }
      $('transfer-note').value = '';
      $('transfer-box').open = false;
      if (r.body.offered && convs[id]) {
        convs[id].status = function () { return tr('offered')(name); };
        if (id === current) { renderConv(); }
      }
      refresh();
    });
  });
  // Ending asks in the page, with an optional closing message (sent by the
  // server as the last message before the end). Escape or "Annuleren" cancels.
  function closeEndConfirm(back) {
    $('end-confirm').hidden = true;
    syncPanelLayer();
    var c = current && convs[current];
    $('end-conv').hidden = !c || !!c.ended;
    if (back) { $('end-conv').focus(); }
  }
  $('end-conv').addEventListener('click', function () {
    if (!current) { return; }
    $('transfer-box').open = false;
    var name = nick(convs[current].summary);
    speak('end-confirm-q', function () { return tr('confirmEndWith')(name); });
    var dirty = regDirty(current);
    if (dirty) { say($('end-unsaved'), 'endUnsaved', name); } else { $('end-unsaved').textContent = ''; $('end-unsaved').dataset.nl = ''; $('end-unsaved').dataset.en = ''; }
    fillEndOpen();
    $('end-save').hidden = !dirty;
    speak('end-saved', null);
    $('end-message').value = '';
    speak('end-slash', null);
    closeEndSuggest();
    $('end-confirm').hidden = false;
    $('end-conv').hidden = true;
    $('end-message').focus();
  });
  $('end-no').addEventListener('click', function () { closeEndConfirm(true); });
  // The box of what is still open is a Tab stop (so the keys can scroll it) only while it scrolls
  // (fix45, finding 4): its size follows the window, its text the registration and the language.
  var endText = document.querySelector('#end-confirm .end-reg-text');
  function endTextStop() {
    if (!endText) { return; }
    if (endText.scrollHeight > endText.clientHeight + 1) { endText.setAttribute('tabindex', '0'); } else { endText.removeAttribute('tabindex'); }
  }
  if (endText) {
    var endTextLater = function () { requestAnimationFrame(endTextStop); };
    if (window.ResizeObserver) { new ResizeObserver(endTextLater).observe(endText); }
    new MutationObserver(endTextLater).observe(endText, { childList: true, characterData: true, subtree: true, attributes: true, attributeFilter: ['hidden'] });
  }
  // What is still open in the registration, as the close dialog lists it (walk-console17, finding 3).
  function fillEndOpen() {
    var c = current && convs[current];
    var reg = !c ? null : current === regFor ? formRegistration() : (c.regDraft || c.regBase);
    var open = reg ? stillOpen(current, reg) : [];
    var ul = $('end-open');
    ul.textContent = '';
    open.forEach(function (t) { ul.appendChild(el('li', '', t)); });
    ul.hidden = !open.length;
    $('end-open-h').hidden = !open.length;
    $('end-back').hidden = !open.length;
  }
  // The warning about an unsaved registration saves it on the spot (walk-console16, finding 3):
  // the same save as the form's button; the dialog stays open and says so.
  $('end-save').addEventListener('click', function () {
    var id = current;
    if (!id || !convs[id]) { return; }
    var reg = id === regFor ? formRegistration() : convs[id].regDraft;
    if (!reg) { return; }
    if (id === regFor && !ageOk()) { speak('end-saved', spoken['victim-age-error'] || null); return; }
    var name = nick(convs[id].summary);
    saveRegistration(id, reg).then(function (ok) {
      if (id !== current) { return; }
      if (ok) {
        $('end-unsaved').textContent = '';
        $('end-unsaved').dataset.nl = '';
        $('end-unsaved').dataset.en = '';
        fillEndOpen();
        $('end-save').hidden = true;
        speak('end-saved', function () { return tr('endSaved')(name); });
        $('end-message').focus();
      } else {
        speak('end-saved', spoken['reg-status'] || null);
      }
    });
  });
  $('end-confirm').addEventListener('keydown', function (e) {
    if (e.key === 'Escape') { e.preventDefault(); closeEndConfirm(true); }
  });
  // Enter in the closing message never ends the chat by itself (a counsellor's shift, finding 4:
  // it added blank lines, unlike the reply box, where Enter sends): it goes to "Gesprek
  // beëindigen", where a second, deliberate Enter ends it, as the line under the box says.
  // Shift+Enter makes a new line. Shift alone (typing capitals) does nothing here, nor does an
  // Enter that confirms a word of an input method or one that repeats while the key is held.
  // The same "/" list of canned responses as in the reply box (fix43, finding 4: "/" only typed a
  // slash, so the formal goodbye could not be inserted): "/" and a few letters of a title open
  // it over the box, the arrows choose, Enter or Tab inserts, Escape closes the list only.
  // Its own spoken line (#end-canned-status): the reply box's list closes itself 150 ms after the
  // box loses focus, and a timer of a window in the background fires late, so a shared line was
  // emptied while this list was open (console_fix43's canned test failed so in a CI run).
  var endMatches = [];
  var endActive = 0;
  function closeEndSuggest() { endMatches = []; $('end-canned-list').hidden = true; $('end-canned-list').textContent = ''; speak('end-canned-status', null); }
  function renderEndSuggest() {
    var ul = $('end-canned-list');
    ul.textContent = '';
    if (!endMatches.length) { ul.hidden = true; speak('end-canned-status', null); return; }
    endMatches.forEach(function (c, i) {
      var li = el('li', i === endActive ? 'active' : '', cannedTitle(c));
      li.setAttribute('role', 'option');
      li.id = 'end-canned-' + i;
      li.setAttribute('aria-selected', i === endActive ? 'true' : 'false');
      li.appendChild(el('span', 'preview', cannedText(c)));
      li.addEventListener('mousedown', function (e) { e.preventDefault(); endActive = i; insertEndCanned(); });
      ul.appendChild(li);
    });
    ul.hidden = false;
    var title = cannedTitle(endMatches[endActive]);
    speak('end-canned-status', function () { return tr('cannedHint')(title); });
  }
  function insertEndCanned() {
    var c = endMatches[endActive];
    if (!c) { return; }
    $('end-message').value = cannedText(c);
    var clash = addressClash(cannedText(c));
    speak('end-slash', clash ? function () { return tr('cannedAddress')(clash.text, clash.chat); } : null);
    closeEndSuggest();
    $('end-message').focus();
  }
  $('end-message').addEventListener('input', function () {
    speak('end-slash', null);
    var m = /^\/([^\n]{0,40})$/.exec(this.value);
    if (m && m[1] && !slashMatches(m[1]).length && /\s/.test(m[1])) { m = null; }
    if (!m) { closeEndSuggest(); return; }
    endMatches = slashMatches(m[1]);
    endActive = 0;
    renderEndSuggest();
  });
  $('end-message').addEventListener('blur', function () { setTimeout(function () { if (document.activeElement !== $('end-message')) { closeEndSuggest(); } }, 150); });
  $('end-message').addEventListener('keydown', function (e) {
    if (endMatches.length && !e.isComposing) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        endActive = (endActive + (e.key === 'ArrowDown' ? 1 : endMatches.length - 1)) % endMatches.length;
        renderEndSuggest();
        return;
      }
      if ((e.key === 'Enter' && !e.shiftKey) || e.key === 'Tab') { e.preventDefault(); if (!e.repeat) { insertEndCanned(); } return; }
      if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); closeEndSuggest(); return; }
    }
    if (e.key !== 'Enter' || e.shiftKey || e.isComposing) { return; }
    e.preventDefault();
    if (e.repeat) { return; }
    // "/..." that matches no canned response is never sent as the closing message by accident.
    var text = this.value.trim();
    if (/^\/\S*$/.test(text)) { var word = text; speak('end-slash', function () { return tr('endSlashNone')(word); }); return; }
    $('end-yes').focus();
  });
  // A held Enter repeats on the button it moved to: only a fresh press ends the chat.
  $('end-yes').addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && e.repeat) { e.preventDefault(); }
  });
  $('end-yes').addEventListener('click', function () {
    var id = current;
    if (!id) { return; }
    var message = $('end-message').value.trim();
    if (/^\/\S*$/.test(message)) { speak('end-slash', function () { return tr('endSlashNone')(message); }); $('end-message').focus(); return; }
    api('POST', '/console/api/end', { conv: id, message: message, cid: newCid() }).then(function (r) {
      var code = r.body.error;
      if (!r.ok) { speak('conv-status', function () { return tr('error') + why(code); }); return; }
      closeEndConfirm(false);
      $('conv-h').setAttribute('tabindex', '-1');
      $('conv-h').focus();
    });
  });
  $('accept-offer').addEventListener('click', function () {
    if (current) { wantOpen = current; api('POST', '/console/api/transfer/accept', { conv: current }).then(function (r) { var code = r.body.error; if (!r.ok) { speak('conv-status', function () { return tr('error') + why(code); }); } }); }
  });
  // "Weigeren" asks first, in place (walk46, finding M2: one click beside "Overdracht aannemen"
  // declined at once): the question, "Weigeren bevestigen" and "Annuleren" take the two buttons'
  // place; Escape or "Annuleren" goes back. A second click of a double click, or a held Enter,
  // does not confirm.
  var declineAsk = null;
  var declineAskedAt = 0;
  function showDeclineAsk(id) {
    declineAsk = id;
    var asking = !!id && id === current;
    $('accept-offer').hidden = asking;
    $('decline-offer').hidden = asking;
    $('decline-q').hidden = !asking;
    $('decline-yes').hidden = !asking;
    $('decline-no').hidden = !asking;
    var c = asking && convs[id];
    var from = c && c.offer ? c.offer.from : '';
    speak('decline-q', asking ? function () { return tr('declineQ')(from); } : null);
  }
  $('decline-offer').addEventListener('click', function () {
    if (!current || !convs[current] || convs[current].mode !== 'offer') { return; }
    declineAskedAt = Date.now();
    showDeclineAsk(current);
    $('decline-yes').focus();
  });
  $('decline-no').addEventListener('click', function () { showDeclineAsk(null); $('decline-offer').focus(); });
  $('offer-actions').addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && declineAsk) { e.preventDefault(); showDeclineAsk(null); $('decline-offer').focus(); }
  });
  $('decline-yes').addEventListener('keydown', function (e) { if (e.key === 'Enter' && e.repeat) { e.preventDefault(); } });
  $('decline-yes').addEventListener('click', function () {
    var id = current;
    if (!id || declineAsk !== id || Date.now() - declineAskedAt < 400) { return; }
    showDeclineAsk(null);
    api('POST', '/console/api/transfer/decline', { conv: id }).then(function () { dropShown(id, 'youDeclined'); });
  });
  $('stop-watch').addEventListener('click', function () {
    var id = current;
    if (id) { send({ t: 'unwatch', conv: id }); drop(id); renderTabs(); renderConv(); }
  });
  function regEmpty(reg) {
    return reg.trafficking === null && reg.first_time === null && !reg.categories.length && !reg.referrals.length && !reg.referral_other.trim() && !reg.notes.trim()
      && reg.victim_age == null && !reg.exploitation;
  }
  // What is still open in a registration about to be saved and closed: the trafficking flag
  // unknown, suggestions neither accepted nor rejected (walk-console16, finding 2).
  function stillOpen(id, reg) {
    var items = [];
    if (reg.trafficking === null) { items.push(tr('closeFlagOpen')); }
    return items.concat(suggestionsOpen(id));
  }
  // The suggestions neither accepted nor rejected, as one item (or none).
  // One whose field already holds what it proposes (an undo after a reload leaves the field as
  // it is) is not counted: nothing is left to decide there (walk-console34, finding 4).
  function suggestionsOpen(id) {
    var c = convs[id];
    var reg = !c ? null : id === regFor ? formRegistration() : (c.regDraft || c.regBase);
    var open = ((c && c.assistOpen) || []).filter(function (p) { return !reg || fieldValue(reg, p) !== acceptedValue(p); });
    return open.length ? [tr('closeSuggestionsOpen')(open.length, open.map(function (p) { return lang === 'en' ? p.en : p.nl; }).join('; '))] : [];
  }
  function closeCloseConfirm(back) {
    $('close-confirm').hidden = true;
    if (back) { $('close-conv').focus(); }
  }
  // "Terug naar de registratie" goes to the first open item, on something where Enter does
  // nothing (newcomer's shift, finding 2: on the accept button, then "Overnemen", a second Enter accepted a suggestion,
  // and on the end or close button it opened the dialog again): the first open suggestion's card
  // (it reads its label, quotes and buttons; Tab goes on to "Invullen"), else the flag's
  // question while the flag is unknown (its heading, not one of its radio buttons: there an arrow
  // key would silently change the answer; walk-console18, finding 4), else the registration's
  // heading.
  function backToRegistration() {
    var target = document.querySelector('#assist-list li[data-open]');
    if (!target && yesNo('trafficking') === null) { target = $('trafficking-q'); }
    if (!target) { target = $('reg-h'); target.setAttribute('tabindex', '-1'); }
    target.focus();
  }
  $('close-back').addEventListener('click', function () {
    closeCloseConfirm(false);
    backToRegistration();
  });
  // The end dialog offers the same way back while something is open (walk-console22, finding 6).
  $('end-back').addEventListener('click', function () {
    closeEndConfirm(false);
    backToRegistration();
  });
  // One dialog asks before closing: an empty registration, or one with open items (walk-console17,
  // finding 2: the close button itself never changes what it does).
  var closeAsked = null;
  function askClose(empty) {
    say($('close-confirm-q'), empty ? 'emptyQ' : 'openQ');
    say($('close-anyway'), empty ? 'emptyGo' : 'openGo');
    say($('close-help'), 'emptyHelp');
    $('close-help').hidden = !empty;
    closeAsked = { empty: empty };
    fillCloseOpen();
    $('close-confirm').hidden = false;
    $('close-back').focus();
  }
  // The open items the close dialog lists, in the language of the moment.
  function fillCloseOpen() {
    // An empty registration lists its open suggestions too (walk-console20, finding 2); the flag
    // goes unsaid there, as "De registratie is nog leeg" says it already.
    var items = !current || !closeAsked ? [] : closeAsked.empty ? suggestionsOpen(current) : stillOpen(current, formRegistration());
    var ul = $('close-open');
    ul.textContent = '';
    items.forEach(function (t) { ul.appendChild(el('li', '', t)); });
    ul.hidden = !items.length;
  }
  $('close-confirm').addEventListener('keydown', function (e) {
    if (e.key === 'Escape') { e.preventDefault(); closeCloseConfirm(true); }
  });
  $('close-anyway').addEventListener('click', function () { closeCloseConfirm(false); closeConv(true); });
  $('close-conv').addEventListener('click', function () { closeConv(false); });
  function closeConv(anyway) {
    var id = current;
    if (!id) { return; }
    var c = convs[id];
    if (!ageOk()) { return; }
    var reg = formRegistration();
    var name = nick(c.summary);
    // Said where she lands (walk-console14, finding 6): the registration panel is hidden by then.
    // Her next running chat is shown (walk-console21, finding 3), its heading focused, so that
    // she is told whose chat it is before she types; the middle is empty only when none is left.
    // A save answered after she opened another chat leaves her where she is.
    var close = function (saved) {
      var shown = current === id;
      var at = order.indexOf(id);
      rememberClosed(id); drop(id);
      var next = shown ? nextRunning(at) : null;
      var nextName = next ? nick(convs[next].summary) : null;
      if (next) { select(next); } else { renderTabs(); renderConv(); }
      queueNote(function () { return tr(saved ? 'closedSaved' : 'closedBare')(name) + (nextName ? ' ' + tr('nowOpen')(nextName) : ''); }, null, next);
      // The note says where it is: an open "Gesloten gesprekken" shows it at once (walk-console20, finding 4).
      if ($('closed-box').open) { loadClosed(); }
      var land = next ? $('conv-h') : shown ? $('queue-h') : null;
      if (land) { land.setAttribute('tabindex', '-1'); land.focus(); }
    };
    if (regEmpty(reg)) {
      if (anyway) { close(false); } else { askClose(true); }
      return;
    }
    var open = anyway ? [] : stillOpen(id, reg);
    if (open.length) { askClose(false); return; }
    saveRegistration(id, reg).then(function (ok) { if (ok) { close(true); } });
  }

  // The running chat of hers to show after the one at `at` in the list closed: the first running
  // one below it, else the last one above it, else none.
  // The chat on screen went away while another of hers still runs (layout46: after a warm transfer
  // was declined, or taken over by the colleague, the middle was empty and she had to click her
  // running chat in "Mijn gesprekken" again): that chat opens, as after a close, its heading
  // focused where the focus was in what went away, so she is told whose chat it is before she
  // types; said under the queue with what happened ("Je hebt de overdracht geweigerd. Nu open:
  // het gesprek met maan."). The middle is empty only when none is left.
  function dropShown(id, what) {
    var shown = current === id;
    var at = order.indexOf(id);
    var a = document.activeElement;
    var lost = !a || a === document.body || $('conversation').contains(a) || $('registration').contains(a);
    // Whose chat went (walk46, finding S1: a chat the colleague took over while another was open
    // left "Mijn gesprekken" without a word).
    var name = convs[id] && convs[id].summary ? nick(convs[id].summary) : null;
    var said = what === 'moved' && name ? function () { return tr('movedWho')(name); } : function () { return tr(what); };
    drop(id);
    var next = shown ? nextRunning(at) : null;
    var nextName = next ? nick(convs[next].summary) : null;
    if (next) { select(next); } else { renderTabs(); renderConv(); }
    if (shown) {
      queueNote(function () { return said() + (nextName ? ' ' + tr('nowOpen')(nextName) : ''); }, null, next);
    } else if (what === 'moved' && name) {
      queueNote(said, null, null);
    }
    if (next && lost) { $('conv-h').setAttribute('tabindex', '-1'); $('conv-h').focus(); }
  }
  function nextRunning(at) {
    var running = function (x) { return convs[x] && convs[x].mode === 'own' && !convs[x].ended; };
    return order.slice(at).filter(running)[0] || order.slice(0, at).filter(running).pop() || null;
  }

  // Conversations closed in this browser (without a registration the server
  // would offer them again after a reload); forgotten after a day.
  function closedList() {
    var now = Date.now(), kept = {};
    try {
      var all = JSON.parse(localStorage.getItem('zicht:closed') || '{}');
      Object.keys(all).forEach(function (id) { if (now - all[id] < 86400000) { kept[id] = all[id]; } });
    } catch (e) { /* none */ }
    return kept;
  }
  function closedHere(id) { return !!closedList()[id]; }
  function rememberClosed(id) {
    var list = closedList();
    list[id] = Date.now();
    try { localStorage.setItem('zicht:closed', JSON.stringify(list)); } catch (e) { /* ignore */ }
  }

  // ---- closed conversations: check or correct a registration (finding 8) ----
  // "Gesloten gesprekken (laatste 24 uur)" lists this counsellor's chats that ended lately,
  // newest first; one opens with its registration only (no transcript), to read and correct.
  function closedWhen(at) {
    var d = new Date(at);
    if (!at || isNaN(d)) { return tr('closedAt')('?'); }
    var l = lang === 'en' ? 'en-GB' : 'nl-NL';
    var t = d.toLocaleTimeString(l, { hour: '2-digit', minute: '2-digit' });
    return d.toDateString() === new Date().toDateString() ? tr('closedAt')(t) : tr('closedOn')(d.toLocaleDateString(l, { weekday: 'long' }), t);
  }
  var closedRows = null;
  function loadClosed() {
    api('GET', '/console/api/closed').then(function (r) {
      if (!r.ok || !Array.isArray(r.body)) { return; }
      closedRows = r.body;
      renderClosed();
      meetClosed(r.body);
    });
  }
  // The list as the server last said it, in the language of the moment.
  function closedHereOnly(s) { var c = convs[s.conv]; return !(c && c.mode === 'own' && c.ended); }
  var closedShown = '';
  function closedIds() { return closedRows ? closedRows.filter(closedHereOnly).map(function (s) { return s.conv; }).join(' ') : ''; }
  function renderClosed() {
    if (!closedRows) { return; }
    var ul = $('closed-list');
    var focused = document.activeElement && document.activeElement.closest && document.activeElement.closest('#closed-list') ? document.activeElement.dataset.conv : null;
    ul.textContent = '';
    // One place per chat (fix43, finding 6): one still under "Afgelopen" (ended, not closed here
    // yet) is listed there only.
    var rows = closedRows.filter(closedHereOnly);
    closedShown = closedIds();
    rows.forEach(function (s) {
      var li = el('li', 'ended-tab');
      var b = el('button');
      b.type = 'button';
      b.dataset.conv = s.conv;
      b.setAttribute('aria-current', s.conv === current ? 'true' : 'false');
      b.appendChild(el('span', 'nick', nick(s) + ' · ' + channelName(s.channel || '')));
      // Saved with the flag "nog niet bekend": said so, standing out as
      // "registratie niet opgeslagen" does on a tab (walk-console22, finding 4).
      var undecided = s.registered && s.undecided;
      b.appendChild(el('span', 'offline', closedWhen(s.ended_at) + (undecided ? '' : ' · ' + (s.registered ? tr('registered') : tr('unregistered')))));
      if (undecided) { b.appendChild(el('span', 'unsaved', tr('registeredOpen'))); }
      // What the saved registration holds ("mensenhandel: ja · 1 categorie · geen notities"):
      // notes typed and never saved are missed at a glance (walk-console27, finding 1).
      if (s.registered) {
        var what = [];
        if (s.trafficking === true) { what.push(tr('savedYes')); }
        if (s.trafficking === false) { what.push(tr('savedNo')); }
        // The victim's age and the form of exploitation, in words (the codebook's label).
        if (typeof s.victim_age === 'number') { what.push(tr('savedAge')(s.victim_age)); }
        if (s.exploitation) { var form = lang === 'en' ? s.exploitation.en : s.exploitation.nl; what.push(form.charAt(0).toLowerCase() + form.slice(1)); }
        // One or two categories are named, in the registration form's words (the codebook's
        // labels, in the language of the moment); more are counted (walk-console34, finding 6).
        var names = (s.category_codes || []).map(categoryLabel).filter(function (n) { return n; });
        what.push(names.length && names.length <= 2 && names.length === (s.categories || 0) ? tr('savedCatNames')(names) : tr('savedCats')(s.categories || 0));
        // Where she referred the visitor, in the form's words (walk41, finding 11).
        var refs = (s.referral_codes || []).map(referralLabel).filter(function (n) { return n; });
        what.push(refs.length ? tr('savedRefs')(refs) : tr('savedNoRefs'));
        what.push(s.notes ? tr('savedNotes') : tr('savedNoNotes'));
        b.appendChild(el('span', 'saved-what', what.join(' · ')));
      }
      b.addEventListener('click', function () { openClosed(s); });
      li.appendChild(b);
      ul.appendChild(li);
      if (focused === s.conv) { b.focus(); }
    });
    $('closed-empty').hidden = rows.length > 0;
  }
  function referralLabel(code) {
    var box = Array.prototype.filter.call(document.querySelectorAll('input[name=referral]'), function (i) { return i.value === code; })[0];
    var l = box && box.closest('label') && box.closest('label').querySelector('.ref-name');
    return l ? l.textContent.trim() : null;
  }
  function categoryLabel(code) {
    var box = Array.prototype.filter.call(document.querySelectorAll('input[name=category]'), function (i) { return i.value === code; })[0];
    var l = box && box.closest('label');
    return l ? l.textContent.trim() : null;
  }
  function forgetReread(c) {
    c.reread = false;
    c.messages = [];
    c.lastSeq = 0;
    speak('reread-status', null);
  }
  // A chat under "Afgelopen" opened after a reload: its transcript, read now through the same
  // recorded path as a reread, recorded as an opening ("console (gesprek geopend)").
  function readEnded(id) {
    var c = convs[id];
    if (!c || c.reading) { return; }
    c.reading = true;
    api('GET', '/console/api/closed/' + encodeURIComponent(id) + '/transcript').then(function (r) {
      c.reading = false;
      if (!r.ok || !convs[id] || !c.needsRead) { return; }
      c.needsRead = false;
      (r.body.messages || []).forEach(function (m) { if (m.seq > c.lastSeq) { c.messages.push(m); c.lastSeq = m.seq; } });
      if (r.body.handovers) { c.handovers = r.body.handovers; }
      if (current === id) { renderConv(); }
      // The suggestion cards drawn before the transcript came quote their sentences now (walk48, S2).
      if (current === id && c.mode === 'own') { assistLoad(id); }
    });
  }
  // "Gesprek teruglezen": her own closed chat's transcript, read through the server's recorded
  // path (the same read of a transcript as a console's, one row in the read log), and only while
  // it is kept (fix43, finding 6).
  $('reread').addEventListener('click', function () {
    var id = current;
    var c = id && convs[id];
    if (!c || c.mode !== 'closed') { return; }
    speak('reread-status', function () { return tr('rereadLoading'); });
    api('GET', '/console/api/closed/' + encodeURIComponent(id) + '/transcript?reread=1').then(function (r) {
      if (current !== id || !convs[id] || convs[id].mode !== 'closed') { return; }
      var code = r.body.error;
      if (!r.ok) { speak('reread-status', function () { return code === 'purged' ? tr('rereadGone') : tr('error') + why(code); }); return; }
      c.messages = (r.body.messages || []).slice();
      c.handovers = r.body.handovers || [];
      c.lastSeq = c.messages.length ? c.messages[c.messages.length - 1].seq : 0;
      c.reread = true;
      var who = nick(c.summary);
      speak('reread-status', function () { return tr('rereadShown')(who); });
      renderConv();
      $('transcript').focus();
    });
  });
  function openClosed(s) {
    // Still in "Afgelopen" (not closed here yet): the chat as it is.
    if (convs[s.conv] && convs[s.conv].mode !== 'closed') { select(s.conv); return; }
    var c = conv(s.conv, s);
    c.mode = 'closed';
    c.ended = s.ended_by || 'counsellor';
    select(s.conv);
  }
  $('closed-box').addEventListener('toggle', function () { if (this.open) { loadClosed(); } });

  // ---- registration panel ----
  // Unsaved edits stay with their chat (finding 5): `regFor` is the chat whose registration the
  // form shows; switching chats, clicking the open one again or ending keeps the form as it is
  // in `regDraft` beside the last saved or loaded `regBase`, and the form shows the draft again.
  // The tab says "registratie niet opgeslagen" while the two differ. Kept in this page, and in
  // this tab's sessionStorage for a reload (storeDraft, below).
  var regFor = null;
  function normReg(reg) {
    return JSON.stringify([reg.trafficking, reg.first_time, reg.categories.slice().sort(), reg.referrals.slice().sort(), reg.referral_other || '', reg.notes || '',
      reg.victim_age == null ? '' : String(reg.victim_age), reg.exploitation || '']);
  }
  // ---- unsaved registrations kept through a reload (newcomer's shift, finding 1) ----
  // Notes typed and not saved were lost when the page reloaded. The unsaved form of a chat is
  // now kept in this tab's sessionStorage, one entry per chat under this counsellor's id
  // ("zicht:reg-draft:ME:CONV", the form and the saved registration it differs from), and comes
  // back after a reload or when the console is opened again in the same tab, said so in the
  // panel's status line and under the queue. Why sessionStorage and not localStorage or the
  // server: it lives only as long as this tab (closing the tab or the browser ends it), no other
  // tab or window sees it, and it never leaves the machine; a registration holds what a victim
  // told, and the helpline's machine is shared, so nothing of it may outlast the counsellor's
  // session there. An entry goes as soon as that chat's registration is saved (form and saved
  // registration alike again), when the chat is closed here or goes to a colleague, and all of
  // them when she logs out; when the console opens, entries of another counsellor (a session
  // that ended in this tab) and entries older than a day are deleted. (A browser may write a
  // tab's sessionStorage into its profile to restore the tab after a crash; it goes with the tab.
  // The store is where a registration is kept encrypted: this is only the unsaved form, as
  // briefly as possible.)
  var DRAFT = 'zicht:reg-draft:';
  function draftKey(id) { return DRAFT + me + ':' + id; }
  function readDraft(id) {
    try {
      var d = JSON.parse(sessionStorage.getItem(draftKey(id)) || 'null');
      return d && d.reg && d.base ? d : null;
    } catch (e) { return null; }
  }
  function forgetDraft(id) {
    try { sessionStorage.removeItem(draftKey(id)); sessionStorage.removeItem(replyKey(id)); } catch (e) { /* no storage */ }
  }
  // The reply she was typing in a chat, kept the same way (walk-console34, finding 5): one entry
  // per chat under this counsellor's id ("zicht:reply-draft:ME:CONV"), in this tab's
  // sessionStorage only, gone once sent, when the chat is closed here or goes to a colleague,
  // and at logout; the same clean-up on opening the console as the registration's entries.
  var REPLY = 'zicht:reply-draft:';
  function replyKey(id) { return REPLY + me + ':' + id; }
  function readReply(id) {
    try {
      var d = JSON.parse(sessionStorage.getItem(replyKey(id)) || 'null');
      return d && typeof d.text === 'string' && d.text && Date.now() - d.at < 86400000 ? d.text : null;
    } catch (e) { return null; }
  }
  function storeReply(id) {
    var c = convs[id];
    try {
      if (c && c.mode === 'own' && !c.ended && c.draft && c.draft.trim()) {
        sessionStorage.setItem(replyKey(id), JSON.stringify({ text: c.draft, at: Date.now() }));
      } else {
        sessionStorage.removeItem(replyKey(id));
      }
    } catch (e) { /* no storage or full: the page still holds it */ }
  }
  // Which of her chats is open, so that a reload opens it again ("zicht:open:ME", this tab only;
  // only the chat's id).
  var OPEN = 'zicht:open:';
  // A closed chat opened from "Gesloten gesprekken" is kept the same way, marked closed (walk46,
  // finding M7: a reload forgot it): after a reload it opens again at its registration, with
  // "Gesprek teruglezen"; its transcript is read again only when she asks (a recorded read).
  var reopenId = null;
  var reopenClosed = null;
  try {
    var was = JSON.parse(sessionStorage.getItem(OPEN + me) || 'null');
    var wasId = was && Date.now() - was.at < 86400000 ? was.conv : null;
    if (was && was.closed) { reopenClosed = wasId; } else { reopenId = wasId; }
  } catch (e) { reopenId = null; reopenClosed = null; }
  var storedOpen;
  function storeOpen(id, closed) {
    var key = id ? (closed ? 'closed:' : 'own:') + id : null;
    if (storedOpen === key || loggingOut) { return; }
    storedOpen = key;
    try {
      if (id) { sessionStorage.setItem(OPEN + me, JSON.stringify({ conv: id, closed: !!closed, at: Date.now() })); } else { sessionStorage.removeItem(OPEN + me); }
    } catch (e) { /* no storage */ }
  }
  // Every kept registration (`all`), or those of other counsellors and those older than a day.
  function forgetDrafts(all) {
    try {
      var gone = [];
      for (var i = 0; i < sessionStorage.length; i += 1) {
        var k = sessionStorage.key(i);
        var kind = !k ? null : [DRAFT, REPLY, OPEN].filter(function (p) { return k.indexOf(p) === 0; })[0];
        if (!kind) { continue; }
        var d = null;
        try { d = JSON.parse(sessionStorage.getItem(k) || 'null'); } catch (e) { d = null; }
        var mine = kind === OPEN ? k === OPEN + me : k.indexOf(kind + me + ':') === 0;
        if (all || !mine || !d || !(Date.now() - d.at < 86400000)) { gone.push(k); }
      }
      gone.forEach(function (k) { sessionStorage.removeItem(k); });
    } catch (e) { /* no storage */ }
  }
  forgetDrafts(false);
  // Keeps the chat's registration as the page holds it while it differs from the saved one, and
  // forgets it once they are alike.
  function storeDraft(id) {
    var c = convs[id];
    if (!c || !c.regBase || (c.mode !== 'own' && c.mode !== 'closed')) { return; }
    var now = id === regFor ? formRegistration() : c.regDraft;
    try {
      if (now && normReg(now) !== normReg(c.regBase)) {
        sessionStorage.setItem(draftKey(id), JSON.stringify({ reg: now, base: c.regBase, at: Date.now() }));
      } else {
        sessionStorage.removeItem(draftKey(id));
      }
    } catch (e) { /* no storage or full: the page still holds the form */ }
  }
  // The names of the chats whose registration came back after a reload, said once under the queue.
  var restoredNames = [];
  function regDirty(id) {
    var c = convs[id];
    if (!c || !c.regBase) { return false; }
    var now = id === regFor ? formRegistration() : c.regDraft;
    return !!now && normReg(now) !== normReg(c.regBase);
  }
  function keepRegDraft() {
    if (regFor && convs[regFor]) { convs[regFor].regDraft = formRegistration(); storeDraft(regFor); }
  }
  function fillRegistration(reg) {
    setYesNo('trafficking', reg.trafficking);
    setYesNo('first_time', reg.first_time);
    document.querySelectorAll('input[name=category]').forEach(function (i) { i.checked = reg.categories.indexOf(i.value) >= 0; });
    document.querySelectorAll('input[name=referral]').forEach(function (i) { i.checked = reg.referrals.indexOf(i.value) >= 0; });
    $('referral-other').value = reg.referral_other || '';
    $('notes').value = reg.notes || '';
    if ($('victim-age')) { $('victim-age').value = reg.victim_age == null ? '' : String(reg.victim_age); showAgeError(false); }
    if ($('exploitation')) { $('exploitation').value = reg.exploitation || ''; }
  }
  // The victim's age as typed: a number, null when empty, or the text itself when it is no
  // whole number (never saved: ageOk says so first).
  function ageValue() {
    var e = $('victim-age');
    var t = e ? e.value.trim() : '';
    if (t === '') { return null; }
    return /^[0-9]{1,3}$/.test(t) ? parseInt(t, 10) : t;
  }
  // Whether the victim's age can be saved (empty, or a whole number in the codebook's range);
  // otherwise the field says why, and takes the focus.
  function ageOk() {
    var e = $('victim-age');
    if (!e) { return true; }
    var v = ageValue();
    var ok = v === null || (typeof v === 'number' && v >= Number(e.dataset.min || 0) && v <= Number(e.dataset.max || 99));
    showAgeError(!ok);
    if (!ok) { e.focus(); }
    return ok;
  }
  function showAgeError(on) {
    var e = $('victim-age');
    if (!e) { return; }
    var lo = Number(e.dataset.min || 0), hi = Number(e.dataset.max || 99);
    speak('victim-age-error', on ? function () { return tr('ageInvalid')(lo, hi); } : null);
    if (on) { e.setAttribute('aria-invalid', 'true'); } else { e.removeAttribute('aria-invalid'); }
  }
  if ($('victim-age')) {
    $('victim-age').addEventListener('input', function () { if (this.getAttribute('aria-invalid')) { var v = ageValue(); if (v === null || typeof v === 'number') { showAgeError(false); } } });
  }
  function loadRegistration(id) {
    speak('reg-status', null);
    regSavedSaid = false;
    var c = convs[id];
    var kept = regDirty(id);
    var restored = !!c && !!c.restored;
    regFor = null;
    if (kept) {
      fillRegistration(c.regDraft);
      regFor = id;
      // Brought back from this tab's storage after a reload: said as such, once.
      var said = restored && !c.restoredSaid ? 'regRestored' : 'regKept';
      if (restored) { c.restoredSaid = true; }
      speak('reg-status', function () { var t = tr(said); return typeof t === 'function' ? t(saveName()) : t; });
    } else if (c && c.savedAt) {
      // Back in a chat she saved: the line says when, not nothing (walk-console22, finding 7).
      var at = c.savedAt;
      speak('reg-status', function () { return tr('savedAt')(at.toLocaleTimeString(lang === 'en' ? 'en-GB' : 'nl-NL', { hour: '2-digit', minute: '2-digit' })); });
      regSavedSaid = true;
    }
    api('GET', '/console/api/registration/' + encodeURIComponent(id)).then(function (r) {
      if (!r.ok || id !== current || !convs[id]) { return; }
      // A registration restored after a reload is compared with what is saved now (saved since
      // in another window, or the same): the form stays as she left it.
      if (kept && restored && convs[id].restored) {
        convs[id].restored = false;
        convs[id].regBase = r.body;
        if (id === regFor) { regChanged(); storeDraft(id); renderTabs(); }
        if (!regDirty(id)) { speak('reg-status', null); }
        return;
      }
      if (kept) { return; }
      convs[id].regBase = r.body;
      convs[id].regDraft = null;
      fillRegistration(r.body);
      regFor = id;
    });
    if (c && c.mode === 'own') { assistLoad(id); }
  }
  var shownDirty = null;
  // Whether the registration's status line says something was saved ("Opgeslagen", after a save or
  // "Invullen"): an edit by hand after it makes the form unsaved, and the line says so instead
  // of claiming saved state beside the tab's "registratie niet opgeslagen" (walk-console19, finding 3).
  var regSavedSaid = false;
  // The save button she can see and use now, named in the hints that say what is not saved yet
  // (walk46, finding M4: 'gebruik "Registratie opslaan"' while the button in view was "Registratie
  // opslaan en sluiten", the other one 2000 px further down): after the chat ended, the one beside
  // the chat; else the form's own.
  function saveName() {
    var c = current && convs[current];
    return c && c.mode === 'own' && c.ended && !$('close-conv').hidden ? tr('closeConv') : tr('saveButton');
  }
  function regChanged() {
    markFilled();
    if (current && current === regFor) { storeDraft(current); }
    var d = !!current && regDirty(current);
    if (d !== shownDirty) { shownDirty = d; renderTabs(); }
    if (d && regSavedSaid) { regSavedSaid = false; speak('reg-status', function () { return tr('editedNotSaved')(saveName()); }); }
    // A closed chat's registration being corrected says so from the first edit, as the list beside
    // it still shows what is saved (walk47, finding 8: no word while "Veilig Thuis" was ticked);
    // gone when the form is as saved again.
    var cc = current && convs[current];
    if (cc && cc.mode === 'closed' && current === regFor) {
      if (d && spoken['reg-status'] !== closedUnsaved) { speak('reg-status', closedUnsaved); } else if (!d && spoken['reg-status'] === closedUnsaved) { speak('reg-status', null); }
    }
  }
  function closedUnsaved() { return tr('editedNotSaved')(saveName()); }
  // A closed tab would lose them (a reload brings them back from this tab, see storeDraft): the
  // browser asks first while any chat has unsaved edits.
  // Logging out: nothing is kept in the tab, and the browser does not ask (the session has ended).
  var loggingOut = false;
  window.addEventListener('beforeunload', function (e) {
    if (loggingOut) { return; }
    keepRegDraft();
    if (order.some(regDirty)) { e.preventDefault(); e.returnValue = ''; }
  });
  $('reg-form').addEventListener('input', regChanged);
  $('reg-form').addEventListener('change', regChanged);
  // A yes / no / not known radio group and its value true, false or null.
  function setYesNo(name, value) {
    var v = value === true ? 'yes' : value === false ? 'no' : '';
    document.querySelectorAll('input[name=' + name + ']').forEach(function (i) { i.checked = i.value === v; });
  }
  function yesNo(name) {
    var t = document.querySelector('input[name=' + name + ']:checked');
    return !t || t.value === '' ? null : t.value === 'yes';
  }
  function formRegistration() {
    var values = function (name) { return Array.from(document.querySelectorAll('input[name=' + name + ']:checked'), function (i) { return i.value; }); };
    return {
      trafficking: yesNo('trafficking'), first_time: yesNo('first_time'),
      categories: values('category'), referrals: values('referral'),
      referral_other: $('referral-other').value, notes: $('notes').value,
      victim_age: ageValue(), exploitation: $('exploitation') ? ($('exploitation').value || null) : null
    };
  }
  // `said` (optional), called once saved, gives what "Opgeslagen" means for a save of one field
  // (a function that writes it in the language of the moment).
  function saveRegistration(id, reg, said) {
    return api('POST', '/console/api/registration/' + encodeURIComponent(id), reg).then(function (r) {
      if (r.ok && convs[id]) { convs[id].regBase = reg; convs[id].savedAt = new Date(); storeDraft(id); regChanged(); renderTabs(); }
      if (r.ok && $('closed-box').open) { loadClosed(); }
      var code = r.body.error;
      // Said in the status line of the chat it belongs to, and only while that chat is shown: an
      // answer that comes after she switched chats says nothing in the other one's line
      // (walk-console21, finding 1).
      if (id !== current) { return r.ok; }
      speak('reg-status', r.ok ? (said ? said() : function () { return tr('saved'); }) : function () { return tr('notSaved') + why(code); });
      regSavedSaid = r.ok;
      return r.ok;
    });
  }
  // What a suggestion's field holds now in the form, in the words on screen, and whether that is
  // saved: "Hulpvraag over mensenhandel staat nu op "nog niet bekend" (opgeslagen)." (newcomer's
  // shift, finding 3: after "Ongedaan maken" the registration's status line said the state
  // before it). Written when spoken, so it follows the language switch.
  function fieldNow(id, p) {
    var c = convs[id];
    var form = id === regFor ? formRegistration() : c && (c.regDraft || c.regBase);
    if (!form) { return ''; }
    var v = fieldValue(form, p);
    var saved = !!c && !!c.regBase && fieldValue(c.regBase, p) === v;
    var label = function (input) { var l = input && input.closest('label'); return l ? l.textContent.trim() : ''; };
    var text;
    if (p.field === 'trafficking') {
      var q = $('trafficking-q').textContent.trim().replace(/\?$/, '');
      text = tr('fieldIs')(q, label(document.querySelector('input[name=trafficking][value="' + (v === true ? 'yes' : v === false ? 'no' : '') + '"]')));
    } else if (VICTIM_FIELDS[p.field]) {
      text = tr('fieldIs')(victimLabel(p.field), victimShown(p.field, v));
    } else {
      var box = Array.prototype.filter.call(document.querySelectorAll('input[name=category]'), function (i) { return i.value === p.field; })[0];
      text = tr(v ? 'catOn' : 'catOff')(label(box) || (lang === 'en' ? p.en : p.nl));
    }
    return text + (saved ? tr('fieldSaved') : tr('fieldUnsaved')(saveName()));
  }
  // What a suggestion's field still holds after an undo that left it: "het vakje is nog
  // aangevinkt", "het veld staat nog op "ja"".
  function stillWhat(p) {
    if (VICTIM_FIELDS[p.field]) { return tr('stillSet')(victimShown(p.field, acceptedValue(p))); }
    if (p.field !== 'trafficking') { return tr('stillTicked'); }
    var v = acceptedValue(p);
    var input = document.querySelector('input[name=trafficking][value="' + (v === true ? 'yes' : v === false ? 'no' : '') + '"]');
    var l = input && input.closest('label');
    return tr('stillSet')(l ? l.textContent.trim() : (v ? 'ja' : 'nee'));
  }
  // A suggestion's field in a registration: the trafficking flag (true, false or null), or
  // whether its category is ticked.
  // The victim's age and the form of exploitation: the field (null when empty) in the
  // registration, and their element in the form.
  var VICTIM_FIELDS = { victim_age: 'victim-age', exploitation: 'exploitation' };
  function fieldValue(reg, p) {
    if (p.field === 'victim_age') { return reg.victim_age == null ? null : reg.victim_age; }
    if (p.field === 'exploitation') { return reg.exploitation || null; }
    return p.field === 'trafficking' ? reg.trafficking : reg.categories.indexOf(p.field) >= 0;
  }
  // The field's label as the form shows it ("Leeftijd slachtoffer"), and a value of it in the
  // words on screen: the age ("leeg" when empty), or the form's option (never its code; "nog
  // niet bekend" when empty).
  function victimLabel(field) {
    var l = document.querySelector('label[for="' + VICTIM_FIELDS[field] + '"]');
    return l ? l.textContent.trim() : field;
  }
  function victimShown(field, v) {
    if (field === 'exploitation') {
      var o = Array.prototype.filter.call(($('exploitation') || { options: [] }).options, function (x) { return x.value === (v || ''); })[0];
      if (o) { return o.textContent.trim(); }
    }
    if (v == null || v === '') { return lang === 'en' ? 'empty' : 'leeg'; }
    return String(v);
  }
  function setField(reg, p, v) {
    if (p.field === 'trafficking') { reg.trafficking = v; return; }
    if (p.field === 'victim_age') { reg.victim_age = v == null ? null : v; return; }
    if (p.field === 'exploitation') { reg.exploitation = v || null; return; }
    reg.categories = reg.categories.filter(function (c) { return c !== p.field; });
    if (v) { reg.categories.push(p.field); }
  }
  // The value "Invullen" sets.
  function acceptedValue(p) {
    if (p.field === 'victim_age') { var a = parseInt(p.value, 10); return isNaN(a) ? null : a; }
    if (p.field === 'exploitation') { return p.value || null; }
    return p.field === 'trafficking' ? p.value === 'yes' : true;
  }
  function setFormField(p, v) {
    if (p.field === 'trafficking') { setYesNo('trafficking', v); return; }
    if (p.field === 'victim_age') { if ($('victim-age')) { $('victim-age').value = v == null ? '' : String(v); showAgeError(false); } return; }
    if (p.field === 'exploitation') { if ($('exploitation')) { $('exploitation').value = v || ''; } return; }
    document.querySelectorAll('input[name=category]').forEach(function (i) { if (i.value === p.field) { i.checked = !!v; } });
  }
  // One field saved alone (a suggestion taken over, or taken back): the last saved registration
  // with only this field set to `v`; the counsellor's other edits stay in the form, unsaved, and
  // the status says so (`said`: the key of what it says). Resolves to false, or to { before: the
  // field's saved value before }.
  function saveField(id, p, v, said) {
    var c = convs[id];
    var got = c && c.regBase ? Promise.resolve({ ok: true, body: c.regBase }) : api('GET', '/console/api/registration/' + encodeURIComponent(id));
    return got.then(function (r) {
      var code = r.body.error;
      if (!r.ok) { speak('reg-status', function () { return tr('notSaved') + why(code); }); return false; }
      var reg = JSON.parse(JSON.stringify(r.body));
      var before = fieldValue(reg, p);
      setField(reg, p, v);
      return saveRegistration(id, reg, function () {
        var more = regDirty(id);
        return function () { return (typeof said === 'function' ? said() : tr(said)(lang === 'en' ? p.en : p.nl)) + (more ? tr('handNotSaved')(saveName()) : ''); };
      }).then(function (ok) { return ok ? { before: before } : false; });
    });
  }
  $('reg-form').addEventListener('submit', function (e) {
    e.preventDefault();
    if (!current || !ageOk()) { return; }
    saveRegistration(current, formRegistration());
  });

  // ---- suggestions for the registration (assisted coding; issue 16) ----
  // GET /console/api/assist/{conv} proposes the trafficking flag, categories, the victim's age and
  // the form of exploitation with the visitor's words behind them (an age from the intake form
  // says so instead of a quote). Nothing is set until the counsellor clicks "Invullen" (which sets that one field
  // and saves it alone, never her other unsaved edits) or "Afwijzen". Both clicks are kept on the server
  // (POST .../decision), so a decided proposal shows as decided after a reload too.
  function assistText(tag, cls, nl, en) {
    var e = el(tag, cls, lang === 'en' ? en : nl);
    e.dataset.nl = nl; e.dataset.en = en;
    return e;
  }
  function assistBox() {
    var box = $('assist');
    if (box) { return box; }
    box = el('section', 'assist');
    box.id = 'assist';
    box.setAttribute('aria-labelledby', 'assist-h');
    var h = assistText('h3', '', 'Suggesties uit het gesprek', 'Suggestions from the conversation');
    h.id = 'assist-h';
    box.appendChild(h);
    box.appendChild(assistText('p', 'hint', 'Een hulpmiddel: controleer de geciteerde woorden en beslis zelf; er wordt niets ingevuld zonder jouw klik.',
      'A tool: check the quoted words and decide yourself; nothing is filled in without your click.'));
    var langNote = el('p', 'warn');
    langNote.id = 'assist-lang';
    box.appendChild(langNote);
    var list = el('ul', 'assist-list');
    list.id = 'assist-list';
    box.appendChild(list);
    var st = el('p', 'status');
    st.id = 'assist-status';
    st.setAttribute('role', 'status');
    box.appendChild(st);
    var again = assistText('button', 'quiet', 'Suggesties vernieuwen', 'Refresh suggestions');
    again.type = 'button';
    again.id = 'assist-refresh';
    again.addEventListener('click', function () { if (current) { assistLoad(current, true); } });
    box.appendChild(again);
    // What a refresh found, said where it was asked for (walk-console17, finding 7).
    var said = el('p', 'status');
    said.id = 'assist-refreshed';
    said.setAttribute('aria-live', 'polite');
    box.appendChild(said);
    $('registration').insertBefore(box, $('reg-form'));
    // A new suggestion out of sight is said in view (walk-console20, finding 1): a small button
    // that sticks to the top edge of the registration column; in the tab order just after the
    // suggestions, so Shift+Tab from the form reaches it first.
    // An opaque band holds it, so what scrolls under it is covered, not crowded by a button.
    var band = el('div', 'assist-new-bar');
    band.id = 'assist-new-bar';
    band.hidden = true;
    var notice = el('button', 'assist-new primary');
    notice.type = 'button';
    notice.id = 'assist-new';
    notice.hidden = true;
    band.appendChild(notice);
    notice.addEventListener('click', function () {
      var target = newCardEl();
      hideNewNotice();
      if (!target || !document.contains(target)) { return; }
      target.scrollIntoView({ block: 'start' });
      target.focus({ preventScroll: true });
    });
    $('registration').insertBefore(band, $('reg-form'));
    $('registration').addEventListener('scroll', checkNewNotice, { passive: true });
    window.addEventListener('scroll', checkNewNotice, { passive: true });
    window.addEventListener('resize', checkNewNotice);
    return box;
  }
  // The first new open suggestion that arrived out of sight (its field key), while the notice
  // stands, and its card as the panel shows it now.
  var newCard = null;
  function newCardEl() {
    if (!newCard) { return null; }
    return Array.prototype.filter.call($('assist-list').children, function (li) { return li.dataset.field === newCard; })[0] || null;
  }
  // Whether the top of `e` (its first lines) is in view: inside the window below the top bar and
  // inside every scrolling box around it.
  function inView(e) {
    var r = e.getBoundingClientRect();
    if (!r.height) { return false; }
    var bar = document.querySelector('.bar');
    var top = bar && getComputedStyle(bar).position !== 'static' ? bar.getBoundingClientRect().bottom : 0;
    var bottom = window.innerHeight;
    for (var a = e.parentElement; a; a = a.parentElement) {
      var o = getComputedStyle(a).overflowY;
      if (o === 'auto' || o === 'scroll' || o === 'hidden') { var ar = a.getBoundingClientRect(); top = Math.max(top, ar.top); bottom = Math.min(bottom, ar.bottom); }
    }
    var n = $('assist-new-bar');
    if (n && !n.hidden) { top = Math.max(top, n.getBoundingClientRect().bottom); }
    return r.top >= top - 1 && Math.min(r.bottom, r.top + 48) <= bottom + 1;
  }
  function hideNewNotice() {
    newCard = null;
    var n = $('assist-new');
    if (n) { n.hidden = true; $('assist-new-bar').hidden = true; }
  }
  // The notice goes once its suggestion is in view, decided, or gone (another chat).
  function checkNewNotice() {
    var li = newCardEl();
    if (!newCard) { return; }
    if (!li || !li.dataset.open || li.dataset.filled === '1' || $('assist-list').dataset.conv !== current || inView(li)) { hideNewNotice(); }
  }
  function showNewNotice(cards) {
    var n = $('assist-new');
    if (!n || !cards.length) { return; }
    newCard = cards[0].dataset.field;
    say(n, 'newSuggestion', cards.length);
    n.hidden = false;
    $('assist-new-bar').hidden = false;
  }
  function assistDecide(id, p, decision) {
    return api('POST', '/console/api/assist/' + encodeURIComponent(id) + '/decision', { field: p.field, value: p.value, decision: decision }).then(function (r) {
      if (!r.ok) { speak('assist-status', function () { return lang === 'en' ? 'Your choice was not saved. Try again.' : 'Je keuze is niet opgeslagen. Probeer het opnieuw.'; }); }
      if (r.ok && convs[id] && decision !== 'open') { convs[id].assistDecided = true; }
      return r.ok;
    });
  }
  function fieldKey(p) { return p.field + '|' + p.value; }
  // "Invullen" sets only its own field, in the form and saved alone (finding 10); the value
  // before is kept in this page for "Ongedaan maken".
  function assistConfirm(id, p) {
    if (id === regFor) { setFormField(p, acceptedValue(p)); }
    saveField(id, p, acceptedValue(p), 'acceptSaved').then(function (saved) {
      if (saved && convs[id]) { (convs[id].assistBefore = convs[id].assistBefore || {})[fieldKey(p)] = saved.before; }
      return saved && assistDecide(id, p, 'accepted');
    }).then(function (ok) {
      if (ok) { assistNote = function () { return tr('assistAccepted'); }; assistFocus = { conv: id, after: fieldKey(p) }; assistLoad(id); }
    });
  }
  function assistReject(id, p) {
    assistDecide(id, p, 'rejected').then(function (ok) {
      if (!ok) { return; }
      assistNote = function () { return tr('assistRejected'); };
      assistFocus = { conv: id, after: fieldKey(p) };
      assistLoad(id);
    });
  }
  // "Ongedaan maken" (walk-console16, finding 4): the decision is taken back and the suggestion is
  // open again; for an accepted one the field goes back to what it was before, unless the
  // counsellor changed it since (in the form or saved), and never after a reload, when this page
  // no longer knows what it was. The focus stays on the card.
  function assistUndo(id, p) {
    var c = convs[id];
    if (!c) { return; }
    var label = function () { return lang === 'en' ? p.en : p.nl; };
    var back = Promise.resolve(true);
    var noteKey = 'undoRejected';
    if (p.decision === 'accepted') {
      var set = acceptedValue(p);
      var form = id === regFor ? formRegistration() : (c.regDraft || c.regBase);
      var changed = (form && fieldValue(form, p) !== set) || (c.regBase && fieldValue(c.regBase, p) !== set);
      var before = c.assistBefore ? c.assistBefore[fieldKey(p)] : undefined;
      if (changed) {
        noteKey = 'undoChanged';
      } else if (before === undefined) {
        noteKey = 'undoUnknown';
      } else {
        noteKey = 'undoReset';
        if (id === regFor) { setFormField(p, before); }
        back = saveField(id, p, before, function () { return fieldNow(id, p); });
      }
    }
    back.then(function (ok) {
      return ok && assistDecide(id, p, 'open');
    }).then(function (ok) {
      if (!ok) { return; }
      if (c.assistBefore) { delete c.assistBefore[fieldKey(p)]; }
      // Nothing saved by this undo: the registration's line says what the field holds now, not
      // what the decision before it saved.
      if (noteKey !== 'undoReset' && id === current) {
        speak('reg-status', function () { return fieldNow(id, p); });
        regSavedSaid = !regDirty(id);
      }
      // After a reload the field stays as it is: the card says so in the words of the status
      // line (ticked, saved) and what to do, not only what was not done (walk-console34, finding 4).
      assistNote = noteKey === 'undoUnknown' ? function () { return tr('undoStillSet')(label(), stillWhat(p)); } : function () { return tr(noteKey)(label()); };
      assistFocus = { conv: id, card: fieldKey(p) };
      assistLoad(id);
    });
  }
  // A click on a quote scrolls the chat to its message and marks it (walk-console19, finding 4):
  // at 1366x768 the chat shows one or two messages, so the message must stand out: an outline and
  // a visible label "Hier staat het" (not colour alone; a counsellor's shift, finding 3: "Bewijs"
  // read as proof in court), and the quoted words in a <mark> when they stand
  // in its text. The mark stays with its chat through redraws (a new message, the language
  // switch: renderConv) until the next quote is clicked or she clicks outside the chat.
  function showMessage(seq, spans) {
    var c = current && convs[current];
    var msg = document.querySelector('#transcript li[data-seq="' + seq + '"]');
    if (!c || !msg) { return; }
    clearEvidence();
    c.evidence = { seq: seq, spans: spans };
    markEvidence(msg, spans);
    msg.setAttribute('tabindex', '-1');
    msg.scrollIntoView({ block: 'center' });
    msg.focus({ preventScroll: true });
  }
  // `spans`: the words to mark, each with its offsets in the message's characters (`start`,
  // `end`) when the card had them, else found by their text (case apart where lower case keeps
  // every index). In the order they stand, never overlapping, without spaces at their edges.
  function markEvidence(li, spans) {
    li.classList.add('evidence');
    li.insertBefore(el('span', 'evidence-label', tr('evidence')), li.firstChild);
    var p = li.querySelector('.text');
    if (!p || !spans || !spans.length) { return; }
    var chars = Array.from(p.textContent);
    var text = chars.join('');
    var found = [];
    spans.forEach(function (sp) {
      var s = -1, e = -1;
      if (typeof sp.start === 'number' && typeof sp.end === 'number' && sp.end <= chars.length && chars.slice(sp.start, sp.end).join('') === sp.text) {
        s = sp.start; e = sp.end;
      } else if (sp.text) {
        var at = text.indexOf(sp.text);
        var lower = text.toLowerCase(), low = sp.text.toLowerCase();
        if (at < 0 && lower.length === text.length && low.length === sp.text.length) { at = lower.indexOf(low); }
        if (at >= 0) { s = Array.from(text.slice(0, at)).length; e = s + Array.from(sp.text).length; }
      }
      while (s >= 0 && s < e && /\s/.test(chars[s])) { s++; }
      while (s >= 0 && e > s && /\s/.test(chars[e - 1])) { e--; }
      if (s >= 0 && s < e) { found.push({ start: s, end: e }); }
    });
    if (!found.length) { return; }
    found.sort(function (x, y) { return x.start - y.start; });
    var merged = [];
    found.forEach(function (sp) {
      var last = merged[merged.length - 1];
      if (last && sp.start <= last.end) { last.end = Math.max(last.end, sp.end); } else { merged.push(sp); }
    });
    p.textContent = '';
    var at = 0;
    merged.forEach(function (sp) {
      p.appendChild(document.createTextNode(chars.slice(at, sp.start).join('')));
      p.appendChild(el('mark', '', chars.slice(sp.start, sp.end).join('')));
      at = sp.end;
    });
    p.appendChild(document.createTextNode(chars.slice(at).join('')));
  }
  function clearEvidence() {
    var c = current && convs[current];
    if (c) { c.evidence = null; }
    document.querySelectorAll('#transcript li.evidence').forEach(function (li) {
      li.classList.remove('evidence');
      li.querySelectorAll('.evidence-label').forEach(function (e) { e.remove(); });
      var p = li.querySelector('.text');
      if (p) { p.textContent = p.textContent; }
    });
  }
  // Her next click outside the chat and the quotes takes the mark away (in the chat she may be
  // scrolling or selecting its words; the language switch only writes it again).
  document.addEventListener('pointerdown', function (e) {
    var c = current && convs[current];
    var t = e.target;
    if (!c || !c.evidence || (t && t.closest && (t.closest('#transcript') || t.closest('.assist-quote') || t.closest('#lang')))) { return; }
    clearEvidence();
  }, true);
  // "3e bericht van de bezoeker, 20:14": the message a quote is from, as the transcript shows it,
  // and which of hers it is, so two in the same minute are told apart (walk-console14, finding 7).
  function ordinalEn(n) {
    var t = n % 100;
    var s = t >= 11 && t <= 13 ? 'th' : n % 10 === 1 ? 'st' : n % 10 === 2 ? 'nd' : n % 10 === 3 ? 'rd' : 'th';
    return n + s;
  }
  function quoteWhere(id, seq) {
    var c = convs[id];
    var m = c && c.messages.filter(function (x) { return x.seq === seq; })[0];
    var staff = !!m && m.from === 'counsellor';
    var n = m ? c.messages.filter(function (x) { return x.from === m.from && x.seq <= seq; }).length : 0;
    var whoNl = (n ? n + 'e ' : '') + (staff ? 'bericht van de hulpverlener' : 'bericht van de bezoeker');
    var whoEn = staff ? "the counsellor's " + (n ? ordinalEn(n) + ' ' : '') + 'message' : "the visitor's " + (n ? ordinalEn(n) + ' ' : '') + 'message';
    var d = m ? new Date(m.at) : null;
    if (!d || isNaN(d)) { return { nl: whoNl, en: whoEn }; }
    var t = function (l) { return d.toLocaleTimeString(l, { hour: '2-digit', minute: '2-digit' }); };
    return { nl: whoNl + ', ' + t('nl-NL'), en: whoEn + ', ' + t('en-GB') };
  }
  // A button whose accessible name follows the language switch (applyLang).
  function assistButton(cls, nl, en, labelNl, labelEn) {
    var b = assistText('button', cls, nl, en);
    b.type = 'button';
    b.dataset.nlLabel = labelNl;
    b.dataset.enLabel = labelEn;
    b.setAttribute('aria-label', lang === 'en' ? labelEn : labelNl);
    return b;
  }
  // The quoted words within their sentence (fix43, finding 2: ‘moet’ or ‘met mannen’ alone said
  // nothing): the sentence of the visitor's message the words stand in, from the offsets the
  // suggester gives (Unicode characters). Quotes of one sentence of one message stand together,
  // the sentence shown once with each of their words marked (fix45, finding 1: "met mannen" and
  // "moet" showed the same sentence twice), cut to about CONTEXT characters before the first
  // words and after the last at a word's edge with "…".
  var CONTEXT = 60;
  // A quote's words as offsets into its message's characters, with the spaces at their edges
  // left out (a mark with a space in it leaves a coloured sliver after the word); `null` when the
  // message or the offsets do not match.
  function quoteSpan(id, x) {
    var c = convs[id];
    var m = c && c.messages.filter(function (y) { return y.seq === x.message; })[0];
    if (!m || typeof m.text !== 'string' || typeof x.start !== 'number' || typeof x.end !== 'number') { return null; }
    var chars = Array.from(m.text);
    var s = x.start, e = x.end;
    if (!(s >= 0 && e <= chars.length && s < e) || chars.slice(s, e).join('') !== x.text) { return null; }
    while (s < e && /\s/.test(chars[s])) { s++; }
    while (e > s && /\s/.test(chars[e - 1])) { e--; }
    if (s === e) { return null; }
    var stop = /[.!?\n]/;
    var a = s, b = e;
    while (a > 0 && !stop.test(chars[a - 1])) { a--; }
    while (b < chars.length && !stop.test(chars[b])) { b++; }
    if (b < chars.length && chars[b] !== '\n') { b++; }
    return { chars: chars, start: s, end: e, from: a, to: b };
  }
  // The quotes in groups, one per sentence of a message, in the order the quotes come; in each,
  // the words in the order they stand, overlapping or touching words merged into one.
  function quoteGroups(id, quotes) {
    var groups = [];
    var bySentence = {};
    quotes.forEach(function (x) {
      var sp = quoteSpan(id, x);
      if (!sp) { groups.push({ message: x.message, quotes: [x], spans: null }); return; }
      var key = x.message + ':' + sp.from;
      var g = bySentence[key];
      if (!g) { g = bySentence[key] = { message: x.message, quotes: [], spans: [], chars: sp.chars, from: sp.from, to: sp.to }; groups.push(g); }
      g.quotes.push(x);
      g.spans.push({ start: sp.start, end: sp.end });
    });
    groups.forEach(function (g) {
      if (!g.spans) { return; }
      g.spans.sort(function (p, q) { return p.start - q.start || p.end - q.end; });
      var merged = [];
      g.spans.forEach(function (sp) {
        var last = merged[merged.length - 1];
        if (last && sp.start <= last.end) { last.end = Math.max(last.end, sp.end); } else { merged.push({ start: sp.start, end: sp.end }); }
      });
      merged.forEach(function (sp) { sp.text = g.chars.slice(sp.start, sp.end).join(''); });
      g.spans = merged;
    });
    return groups;
  }
  // ‘met mannen’ en ‘moet’: the marked words for a button's name.
  function wordList(words, and) {
    var q = words.map(function (w) { return '‘' + w + '’'; });
    return q.length < 2 ? q.join('') : q.slice(0, -1).join(', ') + ' ' + and + ' ' + q[q.length - 1];
  }
  // Each sentence is its own item with the message it is from, in words (finding 6): quotes
  // from different messages never read as one sentence.
  function assistQuotes(id, quotes) {
    var q = el('ul', 'assist-quotes');
    quoteGroups(id, quotes).forEach(function (g) {
      var where = quoteWhere(id, g.message);
      var item = el('li');
      item.dataset.seq = String(g.message);
      // A quote is a button: it scrolls to its message in the chat and marks its words there.
      var m = el('button', 'assist-quote');
      m.type = 'button';
      m.dataset.quotes = String(g.quotes.length);
      var marked;
      if (g.spans) {
        var chars = g.chars, first = g.spans[0].start, last = g.spans[g.spans.length - 1].end;
        var a = g.from, b = g.to, cutA = false, cutB = false;
        if (first - a > CONTEXT) { a = first - CONTEXT; while (a < first && chars[a - 1] !== ' ') { a++; } cutA = true; }
        if (b - last > CONTEXT) { b = last + CONTEXT; while (b > last && chars[b] !== ' ') { b--; } cutB = true; }
        var before = (cutA ? '…' : '') + chars.slice(a, first).join('').replace(/^\s+/, '');
        var after = chars.slice(last, b).join('').replace(/\s+$/, '') + (cutB ? '…' : '');
        // The sentence once, each of the words marked; its name says which words are marked, as
        // a screen reader does not announce a <mark>.
        var sentence = el('span', 'assist-context');
        sentence.appendChild(document.createTextNode('‘' + before));
        var whole = before;
        g.spans.forEach(function (sp, i) {
          var mark = el('mark');
          mark.appendChild(el('q', '', sp.text));
          sentence.appendChild(mark);
          var gap = i + 1 < g.spans.length ? chars.slice(sp.end, g.spans[i + 1].start).join('') : after;
          sentence.appendChild(document.createTextNode(i + 1 < g.spans.length ? gap : gap + '’'));
          whole += sp.text + gap;
        });
        if (before || after || g.spans.length > 1) {
          m.appendChild(sentence);
          var words = g.spans.map(function (sp) { return sp.text; });
          m.dataset.nlLabel = wordList(words, 'en') + ' in: ‘' + whole + '’ (toon in het gesprek)';
          m.dataset.enLabel = wordList(words, 'and') + ' in: ‘' + whole + '’ (show in the chat)';
        } else {
          m.appendChild(el('q', '', g.spans[0].text));
          m.dataset.nlLabel = g.spans[0].text + ' (toon in het gesprek)';
          m.dataset.enLabel = g.spans[0].text + ' (show in the chat)';
        }
        marked = g.spans.map(function (sp) { return { start: sp.start, end: sp.end, text: sp.text }; });
      } else {
        var x = g.quotes[0];
        m.appendChild(el('q', '', x.text));
        m.dataset.nlLabel = x.text + ' (toon in het gesprek)';
        m.dataset.enLabel = x.text + ' (show in the chat)';
        marked = [{ text: x.text }];
      }
      m.setAttribute('aria-label', lang === 'en' ? m.dataset.enLabel : m.dataset.nlLabel);
      m.addEventListener('click', function () { showMessage(g.message, marked); });
      item.appendChild(m);
      item.appendChild(assistText('span', 'assist-where', ' – ' + where.nl, ' – ' + where.en));
      q.appendChild(item);
    });
    return q;
  }
  // What the suggester read but deliberately does not suggest: a visitor who corrected her own
  // age ("16 nee wacht 15"). A hint with her words, clickable as quotes are, and no "Invullen":
  // she fills in the age herself (walk41, finding 3).
  function assistHints(id, hints) {
    var box = $('assist-hints');
    if (!box) {
      box = el('ul', 'assist-hints');
      box.id = 'assist-hints';
      $('assist-list').parentNode.insertBefore(box, $('assist-list'));
    }
    var sig = JSON.stringify([id, hints]);
    if (box.dataset.sig === sig) { return; }
    box.dataset.sig = sig;
    box.textContent = '';
    (hints || []).forEach(function (h) {
      var li = el('li', 'assist-item assist-hint');
      li.dataset.field = h.field;
      li.appendChild(assistText('p', '', h.nl, h.en));
      li.appendChild(assistQuotes(id, h.quotes || []));
      li.appendChild(assistText('p', 'assist-hint-do', h.do_nl, h.do_en));
      box.appendChild(li);
    });
    box.hidden = !box.children.length;
  }
  // An open suggestion whose field already holds what it proposes (she set it by hand) says
  // "Staat al ingevuld" and has no "Invullen"/"Afwijzen": nothing is left to decide (walk41,
  // finding 9). Back as it was once the field differs again.
  // "Nieuwe suggestie: ..." goes once none it names is open: decided, or its field holding what it
  // proposes ("Staat al ingevuld"; walk47, finding 7: she filled in the form herself).
  function checkNewSaid() {
    if (!newSaidFields) { return; }
    var still = newSaidFields.filter(function (f) {
      return Array.prototype.some.call($('assist-list').children, function (li) { return li.dataset.field === f && li.dataset.open && li.dataset.filled !== '1'; });
    });
    if (!still.length) { newSaidFields = null; speak('assist-refreshed', null); }
  }
  function markFilled() {
    if (!current || current !== regFor) { return; }
    var reg = formRegistration();
    var changed = false;
    document.querySelectorAll('#assist-list li[data-open]').forEach(function (li) {
      var p = li.proposal;
      if (!p) { return; }
      var filled = fieldValue(reg, p) === acceptedValue(p);
      // A card drawn just now is not a change of state.
      var fresh = li.dataset.filled === undefined;
      if (fresh) { li.dataset.filled = ''; }
      if ((li.dataset.filled === '1') === filled) { return; }
      if (!fresh) { changed = true; }
      li.dataset.filled = filled ? '1' : '';
      li.querySelectorAll('button.assist-decide').forEach(function (b) { b.hidden = filled; });
      var note = li.querySelector('.assist-filled');
      if (filled && !note) {
        li.appendChild(assistText('span', 'assist-filled', 'Staat al ingevuld: ' + p.nl + '.', 'Already filled in: ' + p.en + '.'));
      } else if (!filled && note) {
        note.remove();
      }
    });
    // The corrected-age hint once she has typed the age herself (walk42, finding 1): it says the
    // field holds it, instead of "Vul de leeftijd zelf in."; as it was once the field is empty.
    document.querySelectorAll('#assist-hints li[data-field="victim_age"]').forEach(function (li) {
      var age = reg.victim_age == null ? '' : String(reg.victim_age);
      if ((li.dataset.filledAge || '') === age) { return; }
      li.dataset.filledAge = age;
      var todo = li.querySelector('.assist-hint-do');
      if (todo) { todo.hidden = !!age; }
      var said = li.querySelector('.assist-filled');
      if (said) { said.remove(); }
      if (age) { li.appendChild(assistText('span', 'assist-filled', 'Leeftijd slachtoffer staat ingevuld: ' + age + '.', "Victim's age is filled in: " + age + '.')); }
    });
    // An old "Invullen ongedaan gemaakt" no longer stands beside a card whose state changed since
    // (walk42, finding 8: it said the opposite of "Staat al ingevuld").
    if (changed && assistNote) {
      assistNote = null;
      if (spoken['assist-status']) { speak('assist-status', spoken['assist-status']); }
    }
    if (changed) { checkNewSaid(); checkNewNotice(); }
  }
  function assistItem(id, p) {
    var li = el('li', 'assist-item');
    li.tabIndex = -1;
    li.dataset.field = fieldKey(p);
    if (!p.decision) { li.dataset.open = '1'; }
    li.appendChild(assistText('strong', '', p.nl, p.en));
    // A "no" from the rules is not "found in the text" as if the text said "no trafficking":
    // the card says what the chat seems to be instead (walk-console14, finding 1).
    var instead = p.field === 'trafficking' && p.value === 'no' && p.source !== 'model';
    li.appendChild(assistText('span', 'assist-source',
      p.source === 'model' ? ' (geschat uit vergelijkbare gesprekken)'
        : p.source === 'intake' ? ' (uit wat de bezoeker zelf invulde bij het begin)'
        : instead ? ' (lijkt iets anders' + (p.instead_nl ? ': ' + p.instead_nl : '') + ', gevonden in de tekst)' : ' (gevonden in de tekst)',
      p.source === 'model' ? ' (estimated from similar conversations)'
        : p.source === 'intake' ? ' (from what the visitor filled in at the start)'
        : instead ? ' (seems to be something else' + (p.instead_en ? ': ' + p.instead_en : '') + ', found in the text)' : ' (found in the text)'));
    // The learned layer's flag whose words say nothing of the chat ("sorry ik", "moet", one word
    // alone) quotes none (assist.rs, clear_words; a counsellor's shift, finding 1): the card says
    // plainly that it is only an estimate and that she judges the chat herself.
    // Kept from earlier (stale) it says both in one line, below (walk47, finding 2: "Geen duidelijke
    // woorden ..." stood beside "Eerder in dit gesprek gevonden").
    if (p.no_clear_words && !p.stale) {
      li.appendChild(assistText('p', 'assist-estimate',
        'Geen duidelijke woorden in dit gesprek om te laten zien: dit is alleen een schatting uit vergelijkbare gesprekken. Lees het gesprek en oordeel zelf.',
        'No clear words in this chat to show: this is only an estimate from similar conversations. Read the chat and judge for yourself.'));
    }
    // Shown earlier and not given by the latest reading of the whole chat (walk45, finding S1:
    // a "nee" made every suggestion vanish): the card stays until she decides, and says so.
    // A model's estimate was estimated, not found; without words to show it says that in the same
    // line, once (walk47, finding 2).
    if (p.stale) {
      var model = p.source === 'model';
      li.appendChild(assistText('p', 'assist-estimate assist-stale',
        (model ? 'Eerder in dit gesprek geschat uit vergelijkbare gesprekken, na het laatste bericht niet meer.' : 'Eerder in dit gesprek gevonden, na het laatste bericht niet meer.')
          + (p.no_clear_words ? ' Er zijn geen duidelijke woorden om te laten zien.' : '') + ' Lees het gesprek en oordeel zelf.',
        (model ? 'Estimated earlier in this chat from similar conversations, no longer after the latest message.' : 'Found earlier in this chat, no longer after the latest message.')
          + (p.no_clear_words ? ' There are no clear words to show.' : '') + ' Read the chat and judge for yourself.'));
    }
    li.appendChild(assistQuotes(id, p.quotes));
    if (p.decision) {
      // Each names what was decided and what its undo takes back, visibly: two undo buttons never
      // look alike (walk-console22, finding 3).
      // "jou" only for her own decisions: after a transfer the first counsellor's are hers, by name
      // (walk41, finding 2).
      var byNl = p.decided_by_me === false ? 'een collega (' + (p.decided_by || 'account verwijderd') + ')' : 'jou';
      var byEn = p.decided_by_me === false ? 'a colleague (' + (p.decided_by || 'account removed') + ')' : 'you';
      li.appendChild(p.decision === 'accepted' ? assistText('span', 'assist-decided', 'Ingevuld door ' + byNl + ': ' + p.nl + '. ', 'Filled in by ' + byEn + ': ' + p.en + '. ')
        : assistText('span', 'assist-decided', 'Afgewezen door ' + byNl + ': ' + p.nl + '. ', 'Rejected by ' + byEn + ': ' + p.en + '. '));
      var undo = assistButton('quiet', 'Ongedaan maken: ' + p.nl, 'Undo: ' + p.en, 'Ongedaan maken: ' + p.nl, 'Undo: ' + p.en);
      undo.addEventListener('click', function () { assistUndo(id, p); });
      li.appendChild(undo);
      return li;
    }
    li.proposal = p;
    var yes = assistButton('primary assist-decide', 'Invullen', 'Fill in', 'Invullen: ' + p.nl, 'Fill in: ' + p.en);
    yes.addEventListener('click', function () { assistConfirm(id, p); });
    var no = assistButton('assist-decide', 'Afwijzen', 'Reject', 'Afwijzen: ' + p.nl, 'Reject: ' + p.en);
    no.addEventListener('click', function () { assistReject(id, p); });
    li.appendChild(yes);
    li.appendChild(no);
    return li;
  }
  // Refreshed in place: a proposal that did not change keeps its element (and the focus on its
  // buttons); only new ones are added and gone ones removed, so nothing flickers.
  var assistTimer = null;
  // The open suggestions the line "N nieuwe suggesties: ..." names, while it stands.
  var newSaidFields = null;
  // What the last decision did, as a function that writes it in the language of the moment.
  var assistNote = null;
  // Where the focus goes once the panel has redrawn after a decision: the next open card after
  // `after` (or the first open one, or the status line), or the card `card` itself.
  var assistFocus = null;
  function assistSoon(id) {
    clearTimeout(assistTimer);
    assistTimer = setTimeout(function () { if (id === current) { assistLoad(id); } }, 1000);
  }
  // A decided suggestion stays as she decided it (walk-console22, finding 10): a new quote for it
  // does not redraw its card, nor open it again; an open one shows its newest words.
  // Which of a card's quotes had their message in the page when it was drawn: a card drawn before
  // the transcript came (an ended chat reopened after a reload, whose transcript is read when she
  // opens it) showed bare words without their sentence, message or time, and is drawn again once
  // the transcript is there (walk48, S2).
  // (Whether all of them were there, not one mark per quote: a decided card that gains a quote
  // keeps its key, and so its card, as walk-console22's finding 10 asks.)
  function quotesRead(id, quotes) {
    var c = convs[id];
    return (quotes || []).every(function (x) { return c && c.messages.some(function (m) { return m.seq === x.message; }); }) ? 1 : 0;
  }
  function assistKey(id, p) { return JSON.stringify(p.decision ? [p.field, p.value, p.decision, p.decided_by_me, quotesRead(id, p.quotes)] : [p.field, p.value, p.source, p.quotes, !!p.stale, quotesRead(id, p.quotes)]); }
  // When she asked ("Suggesties vernieuwen"): the time and the cards the panel held then, so that
  // the line says how many came since, also when a load of its own brought them first (walk47,
  // finding 2: "Bijgewerkt, 22:50: geen nieuwe suggesties." under a suggestion that had just come).
  var askedAt = null;
  function assistLoad(id, asked) {
    assistBox();
    var list = $('assist-list');
    if (asked) { askedAt = { conv: id, at: new Date(), fields: {} }; Array.prototype.forEach.call(list.children, function (li) { if (list.dataset.conv === id) { askedAt.fields[li.dataset.field] = true; } }); }
    if (list.dataset.conv !== id) { list.textContent = ''; list.dataset.conv = id; if ($('assist-hints')) { assistHints(id, []); } assistNote = null; newSaidFields = null; speak('assist-refreshed', null); speak('assist-lang', null); hideNewNotice(); }
    api('GET', '/console/api/assist/' + encodeURIComponent(id)).then(function (r) {
      if (id !== current) { return; }
      var shown = r.ok && r.body && Array.isArray(r.body.proposals) ? r.body.proposals : [];
      assistHints(id, r.ok && r.body && Array.isArray(r.body.hints) ? r.body.hints : []);
      var old = {};
      Array.prototype.forEach.call(list.children, function (li) { old[li.dataset.key] = li; });
      // Suggestions this chat's panel had not shown (a decision or an undo redraws a card, which
      // is not new); none on the first load of a chat, whose registration opens at its top.
      var known = {};
      Array.prototype.forEach.call(list.children, function (li) { known[li.dataset.field] = true; });
      var first = list.dataset.loaded !== id;
      list.dataset.loaded = id;
      // The line after "Suggesties vernieuwen" counts the open cards that were not there when she
      // asked; a later load of its own that brings more while the line stands counts them too.
      var said = askedAt && askedAt.conv === id && (asked || spoken['assist-refreshed'] === askedAt.say) ? askedAt : null;
      if (said) {
        newSaidFields = null;
        var fresh = shown.filter(function (p) { return !p.decision && !said.fields[fieldKey(p)]; }).length;
        if (asked || fresh !== said.fresh) {
          var at = said.at;
          said.fresh = fresh;
          said.say = r.ok ? function () {
            return tr('refreshed')(at.toLocaleTimeString(lang === 'en' ? 'en-GB' : 'nl-NL', { hour: '2-digit', minute: '2-digit' }), fresh);
          } : null;
          speak('assist-refreshed', said.say);
        }
      }
      shown.forEach(function (p, i) {
        var key = assistKey(id, p);
        var li = old[key];
        if (li) { delete old[key]; } else { li = assistItem(id, p); li.dataset.key = key; }
        if (list.children[i] !== li) { list.insertBefore(li, list.children[i] || null); }
      });
      Object.keys(old).forEach(function (k) { old[k].remove(); });
      markFilled();
      // The chat's registration at its top, now that its suggestions stand above the form.
      var back = convs[id];
      if (back && back.regScrollTop) { $('registration').scrollTop = 0; back.regScrollTop = false; }
      var arrived = first ? [] : Array.prototype.filter.call(list.children, function (li) { return li.dataset.open && !known[li.dataset.field]; });
      var unseen = arrived.filter(function (li) { return !inView(li); });
      if (unseen.length) {
        var labels = unseen.map(function (li) { return li.querySelector('strong'); });
        showNewNotice(unseen);
        if (!asked) {
          newSaidFields = unseen.map(function (li) { return li.dataset.field; });
          speak('assist-refreshed', function () { return tr('newSuggestionSaid')(labels.map(function (s) { return lang === 'en' ? s.dataset.en : s.dataset.nl; })); });
        }
      }
      checkNewNotice();
      // Once every suggestion is decided the panel says so, not "Nog geen suggesties" as if there
      // had been none (finding 10); a decided one that the chat no longer supports counts too.
      var c = convs[id];
      if (c && shown.some(function (p) { return p.decision; })) { c.assistDecided = true; }
      var openOnes = shown.filter(function (p) { return !p.decision; });
      if (c) { c.assistOpen = openOnes; }
      var seen = !openOnes.length && !!c && !!c.assistDecided;
      // "2 nieuwe suggesties: ... Bekijken met de knop bovenaan" goes once none of them is open
      // any more (walk45: it stood beside "Alle suggesties zijn bekeken" after she had decided
      // the new ones that came after all were reviewed): the panel says one thing.
      checkNewSaid();
      var any = shown.length > 0;
      var b = r.body;
      speak('assist-status', function () {
        var allSeen = seen ? (lang === 'en' ? 'All suggestions have been reviewed.' : 'Alle suggesties zijn bekeken.') : '';
        return !r.ok ? (lang === 'en' ? 'No suggestions available.' : 'Geen suggesties beschikbaar.')
          : allSeen ? (assistNote ? assistNote() + ' ' : '') + allSeen
            : any ? (assistNote ? assistNote() : '') : assistNone(b);
      });
      // Suggestions on a chat mostly not in Dutch: said above the cards, first (walk-console34,
      // finding 3); without any, the status line says it (assistNone).
      speak('assist-lang', r.ok && any && b && b.not_dutch ? function () { return tr('notDutch'); } : null);
      var status = $('assist-status');
      var want = assistFocus;
      assistFocus = null;
      if (want && want.conv === id) {
        var items = Array.prototype.slice.call(list.children);
        var target = null;
        if (want.card) {
          target = items.filter(function (li) { return li.dataset.field === want.card; })[0] || null;
        } else {
          var at = items.map(function (li) { return li.dataset.field; }).indexOf(want.after);
          var opens = items.filter(function (li) { return li.dataset.open; });
          target = opens.filter(function (li) { return items.indexOf(li) > at; })[0] || opens[0] || null;
        }
        if (target) { target.focus(); } else { status.tabIndex = -1; status.focus(); }
      }
    });
  }
  // Why the panel is empty, from what the server knows (walk-console16, finding 1).
  function assistNone(b) {
    var why = b && b.empty;
    // An ended chat goes on no more (walk46, minor 5: "Ze komen als het gesprek verdergaat").
    var over = current && convs[current] && convs[current].ended;
    if (over && (why === 'few_words' || why === 'nothing_found' || why === 'no_words')) { return tr('assistNone_ended'); }
    if (why === 'few_words') { return tr('assistNone_few_words')(b.visitor_words || 0); }
    if (why === 'no_words' || why === 'nothing_found' || why === 'not_dutch') { return tr('assistNone_' + why); }
    return lang === 'en' ? 'No suggestions yet.' : 'Nog geen suggesties.';
  }
  // ---- end of suggestions ----

  // The closed chat that was open before a reload, open again (finding M7), unless she opened
  // something else meanwhile.
  if (reopenClosed) {
    api('GET', '/console/api/closed').then(function (r) {
      var id = reopenClosed;
      reopenClosed = null;
      if (!r.ok || !Array.isArray(r.body) || current) { return; }
      var row = r.body.filter(function (x) { return x.conv === id && closedHereOnly(x); })[0];
      if (!row) { return; }
      closedRows = r.body;
      $('closed-box').open = true;
      renderClosed();
      openClosed(row);
    });
  }
  // Her closed chats' names and start times, so that two visits are numbered alike in every
  // list from the start (walk48, S3); the list holds no transcript.
  api('GET', '/console/api/closed').then(function (r) {
    if (r.ok && Array.isArray(r.body)) { meetClosed(r.body); }
  });
  var storedLang = null;
  try { storedLang = localStorage.getItem('zicht:console-lang'); } catch (e) { storedLang = null; }
  if (storedLang === 'en') { lang = 'en'; applyLang(); } else { refresh(); }
  connect();
})();
