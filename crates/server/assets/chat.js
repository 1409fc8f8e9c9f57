// The visitor chat: intake, queue, chat over WebSocket with resume, quick exit, nl/en switch.
// State lives in sessionStorage only (token, last seen seq, unacknowledged messages);
// no cookie, no localStorage. Quick exit clears it and replaces the history entry.
'use strict';
(function () {
  var body = document.body;
  var channel = body.dataset.channel;
  var exitUrl = body.dataset.exit;
  var KEY = 'zicht:' + channel;
  var LANG_KEY = 'zicht:lang';
  var TEXT = {
    nl: {
      position: function (n) { return n === 1 ? 'Jij bent de volgende.' : n === 2 ? 'Er is nog 1 persoon voor je.' : 'Er zijn nog ' + (n - 1) + ' mensen voor je.'; },
      estimate: function (s) { var m = Math.ceil(s / 60); return 'Verwachte wachttijd: ongeveer ' + m + (m === 1 ? ' minuut.' : ' minuten.'); },
      shifts: function (n) { return n === 1 ? 'Druk nog 1 keer op Shift om snel weg te gaan.' : 'Druk nog ' + n + ' keer op Shift om snel weg te gaan.'; },
      typing: 'De hulpverlener typt…',
      quiet: 'Je hulpverlener leest je bericht zo.',
      by_counsellor: 'De hulpverlener heeft het gesprek afgesloten.', by_visitor: 'Je hebt het gesprek beëindigd.',
      by_system: 'Het gesprek is gesloten omdat de verbinding te lang weg was.',
      by_quick_exit: 'Je bent snel weggegaan.',
      transferred: 'Je praat nu met een andere hulpverlener. Die kan het hele gesprek lezen.',
      fullName: 'Dit lijkt op een echte naam. Kies liever een bijnaam die niets over jou zegt. Wil je deze toch gebruiken? Druk dan nog een keer op Start de chat.',
      young: 'Ben je jonger dan 12? De Kindertelefoon is er speciaal voor kinderen: bel gratis 0800-0432 of chat op kindertelefoon.nl. Je mag hier ook blijven.',
      you: 'Jij', them: 'Hulpverlener', sending: 'wordt verstuurd…', sent: 'verstuurd',
      failed: 'niet verstuurd', reconnecting: 'Verbinding verbroken, opnieuw verbinden… Je berichten worden verstuurd zodra het weer lukt.',
      connected: '', active: 'Een hulpverlener is er voor je.', endConfirm: 'Wil je de chat beëindigen?',
      username_required: 'Vul een bijnaam in.', username_length: 'Een bijnaam heeft 2 tot 24 tekens.',
      username_chars: 'Gebruik alleen letters, cijfers, spatie, _ - of .', username_letter: 'Gebruik minstens één letter.',
      username_number: 'Gebruik geen telefoonnummer in je bijnaam.', age_invalid: 'Vul je leeftijd in cijfers in (6 tot 99), of laat het leeg.',
      preparing: 'Even geduld, de chat wordt klaargezet…',
      busy: 'Het is nu erg druk. Probeer het over een minuut opnieuw.',
      challenge_expired: 'Dat duurde te lang. Probeer het opnieuw.',
      closed: 'De chat is nu gesloten.', queue_full: 'Het is nu erg druk. Probeer het over een paar minuten opnieuw.',
      rate_limited: 'Je stuurt veel berichten snel achter elkaar. Wacht even.', too_long: 'Je bericht is te lang.',
      ended: 'De chat is beëindigd.', internal: 'Er ging iets mis. Probeer het opnieuw.', network: 'Geen verbinding. Probeer het opnieuw.',
      cross_origin: 'De chat kan via dit adres niet starten. Open de chat via de website van de hulplijn.',
      unknown_channel: 'Deze chat bestaat niet. Open de chat via de website van de hulplijn.',
      gender_invalid: 'Kies een van de antwoorden, of "zeg ik liever niet".',
      challenge_required: 'Dat duurde te lang. Probeer het opnieuw.', challenge_used: 'Dat duurde te lang. Probeer het opnieuw.',
      challenge_invalid: 'Dat duurde te lang. Probeer het opnieuw.', challenge_unsolved: 'Dat duurde te lang. Probeer het opnieuw.',
      too_many_connections: 'Het is nu erg druk. Probeer het over een minuut opnieuw.',
      not_stored: 'Je bericht is niet bewaard. Probeer het opnieuw.', empty: 'Je bericht is leeg.',
      bad_cid: 'Er ging iets mis. Probeer het opnieuw.', bad_frame: 'Er ging iets mis. Probeer het opnieuw.',
      unknown_conversation: 'Deze chat bestaat niet meer. Start een nieuwe chat.',
      emergency: 'Ben je in direct gevaar? Bel 112.',
      noEstimate: 'We weten nog niet precies hoe lang het duurt.',
      young_queue: 'Je bent jonger dan 12. Wij helpen je graag. De Kindertelefoon is er ook speciaal voor kinderen: bel gratis 0800-0432 of chat op kindertelefoon.nl.'
    },
    en: {
      position: function (n) { return n === 1 ? 'You are next.' : n === 2 ? 'There is 1 person before you.' : 'There are ' + (n - 1) + ' people before you.'; },
      estimate: function (s) { var m = Math.ceil(s / 60); return 'Expected waiting time: about ' + m + (m === 1 ? ' minute.' : ' minutes.'); },
      shifts: function (n) { return n === 1 ? 'Press Shift 1 more time to leave quickly.' : 'Press Shift ' + n + ' more times to leave quickly.'; },
      typing: 'The counsellor is typing…',
      quiet: 'Your counsellor will read your message soon.',
      by_counsellor: 'The counsellor has closed the conversation.', by_visitor: 'You ended the conversation.',
      by_system: 'The conversation was closed because the connection was gone too long.',
      by_quick_exit: 'You left quickly.',
      transferred: 'You are now talking with another counsellor, who can read the whole conversation.',
      fullName: 'This looks like a real name. Better choose a nickname that says nothing about you. Want to use it anyway? Then press Start the chat once more.',
      young: 'Are you younger than 12? De Kindertelefoon is there especially for children: call 0800-0432 for free or chat at kindertelefoon.nl. You may also stay here.',
      you: 'You', them: 'Counsellor', sending: 'sending…', sent: 'sent',
      failed: 'not sent', reconnecting: 'Connection lost, reconnecting… Your messages are sent as soon as it works again.',
      connected: '', active: 'A counsellor is here for you.', endConfirm: 'Do you want to end the chat?',
      username_required: 'Please fill in a nickname.', username_length: 'A nickname has 2 to 24 characters.',
      username_chars: 'Use only letters, digits, space, _ - or .', username_letter: 'Use at least one letter.',
      username_number: 'Do not use a phone number in your nickname.', age_invalid: 'Enter your age in digits (6 to 99), or leave it empty.',
      preparing: 'One moment, the chat is being prepared…',
      busy: 'It is very busy right now. Please try again in a minute.',
      challenge_expired: 'That took too long. Please try again.',
      closed: 'The chat is closed now.', queue_full: 'It is very busy right now. Please try again in a few minutes.',
      rate_limited: 'You are sending many messages quickly. Please wait a moment.', too_long: 'Your message is too long.',
      ended: 'The chat has ended.', internal: 'Something went wrong. Please try again.', network: 'No connection. Please try again.',
      cross_origin: 'The chat cannot start from this address. Open the chat from the helpline\'s website.',
      unknown_channel: 'This chat does not exist. Open the chat from the helpline\'s website.',
      gender_invalid: 'Choose one of the answers, or "rather not say".',
      challenge_required: 'That took too long. Please try again.', challenge_used: 'That took too long. Please try again.',
      challenge_invalid: 'That took too long. Please try again.', challenge_unsolved: 'That took too long. Please try again.',
      too_many_connections: 'It is very busy right now. Please try again in a minute.',
      not_stored: 'Your message was not saved. Please try again.', empty: 'Your message is empty.',
      bad_cid: 'Something went wrong. Please try again.', bad_frame: 'Something went wrong. Please try again.',
      unknown_conversation: 'This chat no longer exists. Start a new chat.',
      emergency: 'In immediate danger? Call 112.',
      noEstimate: 'We do not know yet exactly how long it takes.',
      young_queue: 'You are younger than 12. We are glad to help you. De Kindertelefoon is also there especially for children: call 0800-0432 for free or chat at kindertelefoon.nl.'
    }
  };
  // The formal Dutch ("u") of the texts that address the visitor, shown once the counsellor chose
  // "u" for this chat (fix43, finding 5), and from the start on a channel whose configuration
  // says `address = "u"` (the CSG channel, fix45 finding 3: the page says `data-formal`);
  // English has no variant. The choice lives in the page (and the server's room) for the chat's
  // life only: never stored on the device.
  var FORMAL = {
    position: function (n) { return n === 1 ? 'U bent de volgende.' : n === 2 ? 'Er is nog 1 persoon voor u.' : 'Er zijn nog ' + (n - 1) + ' mensen voor u.'; },
    fullName: 'Dit lijkt op een echte naam. Kies liever een bijnaam die niets over u zegt. Wilt u deze toch gebruiken? Druk dan nog een keer op Start de chat.',
    young: 'Bent u jonger dan 12? De Kindertelefoon is er speciaal voor kinderen: bel gratis 0800-0432 of chat op kindertelefoon.nl. U mag hier ook blijven.',
    username_number: 'Gebruik geen telefoonnummer in uw bijnaam.', age_invalid: 'Vul uw leeftijd in cijfers in (6 tot 99), of laat het leeg.',
    young_queue: 'U bent jonger dan 12. Wij helpen u graag. De Kindertelefoon is er ook speciaal voor kinderen: bel gratis 0800-0432 of chat op kindertelefoon.nl.',
    quiet: 'Uw hulpverlener leest uw bericht zo.',
    by_visitor: 'U hebt het gesprek beëindigd.',
    by_quick_exit: 'U bent snel weggegaan.',
    transferred: 'U praat nu met een andere hulpverlener. Die kan het hele gesprek lezen.',
    you: 'U',
    reconnecting: 'Verbinding verbroken, opnieuw verbinden… Uw berichten worden verstuurd zodra het weer lukt.',
    active: 'Een hulpverlener is er voor u.', endConfirm: 'Wilt u de chat beëindigen?',
    rate_limited: 'U stuurt veel berichten snel achter elkaar. Wacht even.', too_long: 'Uw bericht is te lang.',
    not_stored: 'Uw bericht is niet bewaard. Probeer het opnieuw.', empty: 'Uw bericht is leeg.',
    emergency: 'Bent u in direct gevaar? Bel 112.'
  };
  var formal = body.dataset.formal === '1';
  var lang = 'nl';
  try { lang = sessionStorage.getItem(LANG_KEY) || 'nl'; } catch (e) { /* storage blocked */ }
  function tr(key) { return (lang === 'nl' && formal && FORMAL[key]) || TEXT[lang][key] || TEXT.nl[key] || key; }
  // An error for the visitor: always a sentence (never a code), with what to do
  // and, for a failed start, the emergency number.
  function errText(code, start) {
    var t = (lang === 'nl' && formal && FORMAL[code]) || TEXT[lang][code] || TEXT.nl[code] || tr('internal');
    return start ? t + ' ' + tr('emergency') : t;
  }
  function $(id) { return document.getElementById(id); }

  // ---- quick exit: the button, or Shift pressed on its own three times in a row ----
  // As GOV.UK's "Exit this page": only Shift pressed and released with no other
  // key in between counts; any other key, or Shift held for a capital or
  // Shift+Tab, starts the count again. Screen readers hear how many remain.
  var ws = null;
  var leaving = false;
  function quickExit() {
    leaving = true;
    // End the conversation at once: the visitor leaves the queue or the chat now.
    try { if (ws && ws.readyState === 1) { ws.send(JSON.stringify({ t: 'exit' })); } } catch (e) { /* ignore */ }
    try { sessionStorage.clear(); } catch (e) { /* ignore */ }
    try { if (ws) { ws.onclose = null; ws.close(); } } catch (e) { /* ignore */ }
    document.title = '';
    document.body.textContent = '';
    window.location.replace(exitUrl);
  }
  $('exit').addEventListener('click', quickExit);
  var SHIFT_WINDOW = 5000;
  var shiftCount = 0;
  var shiftFirst = 0;
  var shiftDown = false;
  var shiftAlone = false;
  function shiftReset() {
    if (shiftCount > 0) { $('exit-status').textContent = ''; }
    shiftCount = 0;
  }
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Shift') {
      if (!e.repeat) { shiftDown = true; shiftAlone = true; }
      return;
    }
    // Any other key: a capital, Shift+Tab or plain typing.
    shiftAlone = false;
    shiftReset();
  }, true);
  document.addEventListener('keyup', function (e) {
    if (e.key !== 'Shift') { return; }
    var alone = shiftDown && shiftAlone;
    shiftDown = false;
    shiftAlone = false;
    if (!alone) { shiftReset(); return; }
    var now = Date.now();
    if (shiftCount === 0 || now - shiftFirst > SHIFT_WINDOW) { shiftCount = 0; shiftFirst = now; }
    shiftCount += 1;
    if (shiftCount >= 3) { shiftCount = 0; quickExit(); return; }
    $('exit-status').textContent = tr('shifts')(3 - shiftCount);
  }, true);
  document.addEventListener('mousedown', function () { shiftAlone = false; shiftReset(); }, true);

  // ---- language ----
  function applyLang() {
    document.documentElement.lang = lang;
    document.querySelectorAll('[data-en]').forEach(function (el) {
      if (el.dataset.nl === undefined) { el.dataset.nl = el.textContent; }
      el.textContent = lang === 'en' ? el.dataset.en : formal && el.dataset.u ? el.dataset.u : el.dataset.nl;
    });
    var list = $('messages');
    list.setAttribute('aria-label', lang === 'en' ? list.dataset.enLabel : 'Berichten');
    $('lang').setAttribute('lang', lang === 'en' ? 'nl' : 'en');
    renderPosition();
    if (statusKey) { $('status').textContent = tr(statusKey); }
    if (!$('quiet').hidden) { $('quiet').textContent = tr('quiet'); }
    if (connKey) { $('conn').textContent = tr(connKey); }
    document.querySelectorAll('#messages li.system').forEach(function (li) { li.textContent = tr(li.dataset.key); });
    ['username-hint', 'age-hint'].forEach(function (id) { var h = $(id); if (h.dataset.key) { h.textContent = tr(h.dataset.key); } });
    if (endedBy) { $('ended-reason').textContent = tr('by_' + endedBy); }
    if (!$('typing').hidden) { $('typing').textContent = tr('typing'); }
    document.querySelectorAll('#messages li.msg').forEach(function (li) {
      var mine = li.classList.contains('me');
      li.querySelector('.sr-only').textContent = (mine ? tr('you') : tr('them')) + ': ';
      if (li.classList.contains('failed')) { return; }
      li.querySelector('.meta').textContent = li.classList.contains('pending') ? tr('sending')
        : timeOf(li.dataset.at) + (mine ? ' · ' + tr('sent') : '');
    });
  }
  $('lang').addEventListener('click', function () {
    lang = lang === 'en' ? 'nl' : 'en';
    try { sessionStorage.setItem(LANG_KEY, lang); } catch (e) { /* ignore */ }
    applyLang();
  });

  // ---- state in sessionStorage ----
  var st = null;
  try { st = JSON.parse(sessionStorage.getItem(KEY) || 'null'); } catch (e) { st = null; }
  function save() { try { if (st) { sessionStorage.setItem(KEY, JSON.stringify(st)); } else { sessionStorage.removeItem(KEY); } } catch (e) { /* ignore */ } }
  var lastSeq = 0;   // highest seq shown on this page
  var position = 0;
  var estimate = null;
  // The server's one bit: no counsellor is available now (never how many).
  var nobody = false;
  var ended = false;
  var endedBy = '';

  var screens = ['closed', 'intake', 'queue', 'chat', 'ended'];
  function show(name, quiet) {
    // After the end the transcript stays readable above the closing notice.
    screens.forEach(function (s) { $(s).hidden = !(s === name || (name === 'ended' && s === 'chat')); });
    // After the end nothing can be sent: the composer goes, its box is disabled.
    $('send-form').hidden = name === 'ended';
    $('text').disabled = name === 'ended';
    $('end').hidden = name === 'ended';
    if (name === 'ended') { $('end-confirm').hidden = true; }
    if (name !== 'queue' && name !== 'chat') { conn(''); }
    // Messages read back while the chat was hidden (a reload) could not scroll: the newest shows now.
    if (name === 'chat' || name === 'ended') { $('messages').scrollTop = $('messages').scrollHeight; }
    var h = $(name).querySelector('h1, h2');
    if (h && !quiet) { h.setAttribute('tabindex', '-1'); h.focus(); }
  }
  function renderPosition() {
    if (position > 0) { $('position').textContent = tr('position')(position); }
    // With no counsellor available: her place (still true), but no time and no "someone comes
    // soon"; instead the plain truth and the emergency numbers (walk41, finding 1).
    $('nobody').hidden = !(position > 0 && nobody);
    $('queue-soon').hidden = position > 0 && nobody;
    $('estimate').textContent = position > 0 && !nobody ? (estimate ? tr('estimate')(estimate) : tr('noEstimate')) : '';
    $('young').textContent = st && st.young ? tr('young_queue') : '';
  }

  // ---- intake ----
  function checkUsername(v) {
    var name = v.trim().split(/\s+/).join(' ');
    var n = Array.from(name).length;
    if (n === 0) { return 'username_required'; }
    if (n < 2 || n > 24) { return 'username_length'; }
    if (!/^[\p{L}\p{N} _.-]+$/u.test(name)) { return 'username_chars'; }
    if (!/\p{L}/u.test(name)) { return 'username_letter'; }
    if (/[0-9]{6}/.test(name)) { return 'username_number'; }
    return '';
  }
  // A hint (not an error): shown under the field, polite for screen readers.
  function hint(id, key) {
    var h = $(id);
    h.dataset.key = key || '';
    h.textContent = key ? tr(key) : '';
  }
  // Two or more words that each start with a capital look like a full name.
  function looksLikeName(v) {
    var words = v.trim().split(/\s+/);
    return words.length >= 2 && words.every(function (w) { return /^\p{Lu}\p{Ll}+$/u.test(w); });
  }
  var nameWarned = '';
  $('username').addEventListener('input', function () {
    if ($('username').value !== nameWarned) { hint('username-hint', ''); }
  });
  $('age').addEventListener('input', function () {
    var a = parseInt($('age').value, 10);
    hint('age-hint', a > 0 && a < 12 ? 'young' : '');
  });
  function fieldError(id, code) {
    var input = $(id);
    $(id + '-error').textContent = code ? tr(code) : '';
    if (code) { input.setAttribute('aria-invalid', 'true'); } else { input.removeAttribute('aria-invalid'); }
  }
  // ---- the intake's proof of work (see the server's intake.rs) ----
  // SHA-256 of "challenge:answer" must start with `bits` zero bits; the
  // answer is a counter. Nothing about the visitor is involved.
  var K = [0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2];
  var W = new Int32Array(64);
  // The first 32 bits of SHA-256 of an ASCII string.
  function sha256head(str) {
    var n = str.length, words = ((n + 9 + 63) >> 6) << 4, m = new Int32Array(words), i;
    for (i = 0; i < n; i++) { m[i >> 2] |= str.charCodeAt(i) << (24 - (i & 3) * 8); }
    m[n >> 2] |= 0x80 << (24 - (n & 3) * 8);
    m[words - 1] = n * 8;
    var h0 = 0x6a09e667, h1 = 0xbb67ae85, h2 = 0x3c6ef372, h3 = 0xa54ff53a,
      h4 = 0x510e527f, h5 = 0x9b05688c, h6 = 0x1f83d9ab, h7 = 0x5be0cd19;
    for (var b = 0; b < words; b += 16) {
      var a = h0, bb = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7, t;
      for (i = 0; i < 64; i++) {
        if (i < 16) { W[i] = m[b + i]; } else {
          var x = W[i - 15], y = W[i - 2];
          W[i] = (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)) + W[i - 16] +
            (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10)) + W[i - 7] | 0;
        }
        t = h + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) +
          ((e & f) ^ (~e & g)) + K[i] + W[i] | 0;
        var t2 = (((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) +
          ((a & bb) ^ (a & c) ^ (bb & c)) | 0;
        h = g; g = f; f = e; e = d + t | 0; d = c; c = bb; bb = a; a = t + t2 | 0;
      }
      h0 = h0 + a | 0; h1 = h1 + bb | 0; h2 = h2 + c | 0; h3 = h3 + d | 0;
      h4 = h4 + e | 0; h5 = h5 + f | 0; h6 = h6 + g | 0; h7 = h7 + h | 0;
    }
    return h0 >>> 0;
  }
  // Finds the answer in slices, so the page stays responsive.
  function solve(challenge, bits) {
    var prefix = challenge + ':', limit = Math.pow(2, 32 - Math.min(bits, 32)), n = 0;
    return new Promise(function (resolve) {
      (function slice() {
        var end = n + 20000;
        for (; n < end; n++) {
          if (sha256head(prefix + n) < limit) { resolve(String(n)); return; }
        }
        setTimeout(slice, 0);
      })();
    });
  }
  $('intake-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var username = $('username').value;
    var age = $('age').value.trim();
    var u = checkUsername(username);
    var a = age && (!/^[0-9]{1,2}$/.test(age) || parseInt(age, 10) < 6) ? 'age_invalid' : '';
    fieldError('username', u);
    fieldError('age', a);
    $('intake-error').textContent = '';
    if (u) { $('username').focus(); return; }
    if (a) { $('age').focus(); return; }
    if (looksLikeName(username) && nameWarned !== username) {
      nameWarned = username;
      hint('username-hint', 'fullName');
      $('username').focus();
      return;
    }
    var checked = document.querySelector('input[name=gender]:checked');
    var payload = { username: username, age: age, gender: checked ? checked.value : '', lang: lang };
    $('intake-error').textContent = tr('preparing');
    fetch('/chat/challenge', { credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer' })
      .then(function (res) { return res.json(); })
      .then(function (c) { return c.bits > 0 ? solve(c.challenge, c.bits).then(function (a) { payload.pow = { challenge: c.challenge, answer: a }; }) : null; })
      .then(function () {
        return fetch('/chat/' + encodeURIComponent(channel) + '/start', {
          method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload),
          credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer'
        });
      }).then(function (res) {
      $('intake-error').textContent = '';
      return res.json().then(function (j) { return { ok: res.ok, body: j }; });
    }).then(function (r) {
      if (r.ok) {
        var ageNum = parseInt(age, 10);
        st = { token: r.body.token, pending: [], young: ageNum > 0 && ageNum < 12 };
        save();
        position = 1;
        estimate = null;
        renderPosition();
        show('queue');
        connect();
        return;
      }
      var code = r.body.error || 'internal';
      if (code === 'closed') { show('closed'); return; }
      if (code.indexOf('username') === 0) { fieldError('username', code); $('username').focus(); return; }
      if (code.indexOf('age') === 0) { fieldError('age', code); $('age').focus(); return; }
      $('intake-error').textContent = errText(code, true);
    }).catch(function () { $('intake-error').textContent = errText('network', true); });
  });

  // ---- messages ----
  function timeOf(at) {
    var d = new Date(at);
    return isNaN(d) ? '' : d.toLocaleTimeString(lang === 'en' ? 'en-GB' : 'nl-NL', { hour: '2-digit', minute: '2-digit' });
  }
  // Phone numbers in a message become tel: links that never break in two.
  var PHONE = /(\+31[\d -]{8,12}\d|\b0800[- ]?\d{4}\b|\b0[1-9][\d -]{7,10}\d\b|\b112\b)/g;
  function withPhones(p, text) {
    var last = 0;
    text.replace(PHONE, function (m, _g, at) {
      if (at > last) { p.appendChild(document.createTextNode(text.slice(last, at))); }
      var a = document.createElement('a');
      a.className = 'tel';
      a.href = 'tel:' + m.replace(/[^\d+]/g, '');
      a.textContent = m;
      p.appendChild(a);
      last = at + m.length;
      return m;
    });
    if (last < text.length) { p.appendChild(document.createTextNode(text.slice(last))); }
  }
  function bubble(mine, text, meta) {
    var li = document.createElement('li');
    li.className = 'msg ' + (mine ? 'me' : 'them');
    var who = document.createElement('span');
    who.className = 'sr-only';
    who.textContent = (mine ? tr('you') : tr('them')) + ': ';
    var p = document.createElement('p');
    p.className = 'text';
    withPhones(p, text);
    var m = document.createElement('span');
    m.className = 'meta';
    m.textContent = meta;
    li.appendChild(who);
    li.appendChild(p);
    li.appendChild(m);
    return li;
  }
  var pendingEls = {};
  function scrollDown() { var list = $('messages'); list.scrollTop = list.scrollHeight; window.scrollTo(0, document.body.scrollHeight); }
  function addPending(p) {
    var li = bubble(true, p.text, tr('sending'));
    li.classList.add('pending');
    pendingEls[p.cid] = li;
    $('messages').appendChild(li);
    scrollDown();
  }
  // A visitor whose counsellor is busy in another chat saw only "verstuurd" (walk41, finding 12):
  // when her own message has waited QUIET_MS without a reply or typing, a calm line says that
  // the counsellor reads it soon. Gone with the counsellor's next message or typing, and not
  // back until her next message (walk42, finding 11: it stood there after the counsellor had
  // typed). The console sends no "read" signal, so opening the chat alone does not end it.
  var QUIET_MS = 30000;
  var quietTimer = null;
  function showQuiet(on) {
    $('quiet').hidden = !on;
    $('quiet').textContent = on ? tr('quiet') : '';
  }
  function quietFrom(at) {
    clearTimeout(quietTimer);
    showQuiet(false);
    if (ended) { return; }
    var t = Date.parse(at);
    var wait = isNaN(t) ? QUIET_MS : Math.max(0, QUIET_MS - (Date.now() - t));
    quietTimer = setTimeout(function () { if (!ended && $('typing').hidden) { showQuiet(true); } }, wait);
  }
  function quietOff() { clearTimeout(quietTimer); showQuiet(false); }
  function onMsg(f) {
    if (f.seq <= lastSeq) { return; }
    lastSeq = f.seq;
    var mine = f.from === 'visitor';
    if (mine) { quietFrom(f.at); } else if (f.from === 'counsellor') { quietOff(); }
    if (mine && st) {
      st.pending = st.pending.filter(function (p) { return p.cid !== f.cid; });
      save();
      if (pendingEls[f.cid]) { pendingEls[f.cid].remove(); delete pendingEls[f.cid]; }
    }
    var li = bubble(mine, f.text, timeOf(f.at) + (mine ? ' · ' + tr('sent') : ''));
    li.dataset.seq = f.seq;
    li.dataset.at = f.at;
    var list = $('messages');
    var firstPending = list.querySelector('.pending');
    list.insertBefore(li, firstPending);
    scrollDown();
  }
  function setFormal(on) {
    if (formal === on) { return; }
    formal = on;
    applyLang();
  }
  function systemLine(key) {
    var li = document.createElement('li');
    li.className = 'system';
    li.dataset.key = key;
    li.textContent = tr(key);
    var list = $('messages');
    list.insertBefore(li, list.querySelector('.pending'));
    scrollDown();
  }
  function newCid() {
    var b = new Uint8Array(12);
    window.crypto.getRandomValues(b);
    return Array.from(b, function (x) { return x.toString(16).padStart(2, '0'); }).join('');
  }
  function sendFrame(obj) { if (ws && ws.readyState === 1) { ws.send(JSON.stringify(obj)); } }
  // The message she is typing lives only in the box: never stored on the device (no
  // sessionStorage, no localStorage), so a reload loses it. That is deliberate privacy by design:
  // a visitor may share a phone, and a half-written message must not be found later
  // (walk41, finding 12).
  $('send-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var text = $('text').value.trim();
    if (!text || !st) { return; }
    var p = { cid: newCid(), text: text };
    st.pending.push(p);
    save();
    addPending(p);
    $('text').value = '';
    $('text').focus();
    sendFrame({ t: 'msg', cid: p.cid, text: p.text });
  });
  var typedAt = 0;
  $('text').addEventListener('input', function () {
    var now = Date.now();
    if (now - typedAt > 2000 && $('text').value.trim()) { typedAt = now; sendFrame({ t: 'typing' }); }
  });
  var typingTimer = null;
  function showTyping(on) {
    if (on) { quietOff(); }
    clearTimeout(typingTimer);
    $('typing').hidden = !on;
    $('typing').textContent = on ? tr('typing') : '';
    if (on) { typingTimer = setTimeout(function () { showTyping(false); }, 4000); }
  }
  $('text').addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); $('send-form').requestSubmit(); }
  });
  // Ending asks first, in the page (no browser pop-up): focus moves to the
  // question's safe answer, Escape or "Nee" goes back to the chat.
  function closeConfirm(back) {
    $('end-confirm').hidden = true;
    if (back) { $('text').focus(); }
  }
  $('end').addEventListener('click', function () {
    $('end-confirm').hidden = false;
    $('end-no').focus();
  });
  $('end-no').addEventListener('click', function () { closeConfirm(true); });
  $('end-yes').addEventListener('click', function () { closeConfirm(false); sendFrame({ t: 'end' }); });
  $('end-confirm').addEventListener('keydown', function (e) {
    if (e.key === 'Escape') { e.preventDefault(); closeConfirm(true); }
  });
  $('again').addEventListener('click', function () {
    // Forget the old conversation entirely, its socket included, before a new intake.
    st = null; save(); lastSeq = 0; ended = false; endedBy = ''; position = 0; estimate = null; nobody = false; quietOff(); nameWarned = '';
    hint('username-hint', ''); hint('age-hint', '');
    // A new chat starts with the channel's address again ("je", "u" on the CSG channel), until
    // its counsellor chooses.
    setFormal(body.dataset.formal === '1');
    if (ws) { ws.onclose = null; try { ws.close(); } catch (e) { /* ignore */ } ws = null; }
    clearTimeout(timer);
    clearInterval(pinger);
    conn('');
    pendingEls = {};
    $('messages').textContent = '';
    $('ended-reason').textContent = '';
    $('intake-form').reset();
    ['username', 'age'].forEach(function (id) { fieldError(id, ''); });
    status('');
    show('intake');
    $('username').focus();
  });

  // ---- connection, with resume ----
  var retry = 0;
  var timer = null;
  var statusKey = '';
  var connKey = '';
  function status(key) { statusKey = key; $('status').textContent = key ? tr(key) : ''; }
  // The banner above the queue and the chat while the connection is gone.
  function conn(key) { connKey = key; $('conn').textContent = key ? tr(key) : ''; }
  // A silent network drop (a phone between masts) closes no socket: a ping
  // every `data-ping` ms (a third of the server's idle limit) that gets no
  // answer within most of the next interval counts as a drop; so does a
  // connection that does not open within 10 s.
  var PING_EVERY = parseInt(body.dataset.ping, 10) || 10000;
  var PONG_WITHIN = Math.round(PING_EVERY * 0.8);
  var opener = null;
  var pinger = null;
  var heardAt = 0;
  function lost(sock) {
    if (ws !== sock) { return; }
    ws = null;
    clearInterval(pinger);
    sock.onclose = null;
    try { sock.close(); } catch (e) { /* ignore */ }
    if (ended || leaving || !st) { return; }
    conn('reconnecting');
    var delay = Math.min(10000, 1000 * Math.pow(2, retry));
    retry += 1;
    clearTimeout(timer);
    timer = setTimeout(connect, delay);
  }
  function connect() {
    if (!st || ws || leaving) { return; }
    clearTimeout(timer);
    var proto = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    var sock = new WebSocket(proto + '//' + window.location.host + '/chat/ws');
    ws = sock;
    clearTimeout(opener);
    opener = setTimeout(function () { if (sock.readyState !== 1) { lost(sock); } }, 10000);
    sock.onopen = function () {
      clearTimeout(opener);
      sock.send(JSON.stringify({ t: 'hello', token: st.token, after: lastSeq }));
      st.pending.forEach(function (p) {
        if (!pendingEls[p.cid]) { addPending(p); }
        sock.send(JSON.stringify({ t: 'msg', cid: p.cid, text: p.text }));
      });
      heardAt = Date.now();
      clearInterval(pinger);
      var pingedAt = Date.now();
      pinger = setInterval(function () {
        var now = Date.now();
        if (now - heardAt > PING_EVERY + PONG_WITHIN) { lost(sock); return; }
        if (now - pingedAt < PING_EVERY) { return; }
        pingedAt = now;
        try { sock.send('{"t":"ping"}'); } catch (e) { lost(sock); }
      }, PING_EVERY / 4);
    };
    sock.onmessage = function (e) {
      heardAt = Date.now();
      var f;
      try { f = JSON.parse(e.data); } catch (err) { return; }
      // The server answered: the connection is back.
      if (connKey) { retry = 0; conn(''); }
      handle(f);
    };
    sock.onclose = function () { lost(sock); };
  }
  function handle(f) {
    if (f.t === 'pong') { return; }
    // The line under it says who reads now; "leest uw bericht zo" goes, until her next message
    // (walk47, finding 9: it stood under the transfer's line).
    if (f.t === 'transferred') { quietOff(); systemLine('transferred'); return; }
    // The counsellor chose "je" or "u" for this chat: the page's texts follow at once.
    if (f.t === 'address') { setFormal(f.formal === true); return; }
    if (f.t === 'msg') { if (f.from === 'counsellor') { showTyping(false); } onMsg(f); return; }
    if (f.t === 'typing') { showTyping(true); return; }
    if (f.t === 'state') {
      if (f.state === 'waiting') {
        position = f.position || 1;
        estimate = f.estimate || null;
        nobody = f.nobody === true;
        renderPosition();
        if ($('queue').hidden) { show('queue'); }
      } else if (f.state === 'active') {
        position = 0;
        if (typeof f.formal === 'boolean') { setFormal(f.formal); }
        if ($('chat').hidden) { show('chat'); status('active'); $('text').focus(); }
      } else if (f.state === 'ended') {
        ended = true;
        quietOff();
        endedBy = f.by || 'system';
        st = null;
        save();
        showTyping(false);
        status('');
        $('ended-reason').textContent = tr('by_' + endedBy);
        show('ended');
        // Let go of the socket now: a new chat in this tab opens its own.
        if (ws) { var old = ws; ws = null; clearInterval(pinger); old.onclose = null; try { old.close(); } catch (e) { /* ignore */ } }
        conn('');
      }
      return;
    }
    if (f.t === 'error') {
      if (f.code === 'unknown_conversation') { st = null; save(); show('intake'); return; }
      if (f.cid && pendingEls[f.cid] && f.code !== 'not_stored') {
        pendingEls[f.cid].classList.add('failed');
        pendingEls[f.cid].querySelector('.meta').textContent = tr('failed') + ' – ' + errText(f.code, false);
        delete pendingEls[f.cid];
        st.pending = st.pending.filter(function (p) { return p.cid !== f.cid; });
        save();
      }
    }
  }
  document.addEventListener('visibilitychange', function () { if (!document.hidden && !ws) { retry = 0; connect(); } });
  window.addEventListener('online', function () { if (!ws) { retry = 0; connect(); } });
  // The page is closing (a closed tab, or a reload that comes straight back):
  // the server ends the conversation soon unless this page reconnects.
  window.addEventListener('pagehide', function () {
    try { if (ws && ws.readyState === 1 && !leaving) { ws.send('{"t":"away"}'); } } catch (e) { /* ignore */ }
  });
  // The phone says it is offline: show it now rather than after the next ping.
  window.addEventListener('offline', function () { if (ws) { lost(ws); } });

  // ---- start ----
  applyLang();
  if (st && st.token) {
    st.pending = st.pending || [];
    show('queue');
    connect();
  } else if (body.dataset.open === '1') {
    // No focus moved at arrival: the first Tab stop is "Snel weg".
    show('intake', true);
  } else {
    show('closed', true);
  }
})();
