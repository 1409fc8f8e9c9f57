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
      by_counsellor: 'De hulpverlener heeft het gesprek afgesloten.', by_visitor: 'Je hebt het gesprek beëindigd.',
      by_system: 'Het gesprek is gesloten omdat de verbinding te lang weg was.',
      you: 'Jij', them: 'Hulpverlener', sending: 'wordt verstuurd…', sent: 'verstuurd',
      failed: 'niet verstuurd', reconnecting: 'Verbinding weg. We proberen het opnieuw…',
      connected: '', active: 'Een hulpverlener is er voor je.', endConfirm: 'Wil je de chat beëindigen?',
      username_required: 'Vul een bijnaam in.', username_length: 'Een bijnaam heeft 2 tot 24 tekens.',
      username_chars: 'Gebruik alleen letters, cijfers, spatie, _ - of .', username_letter: 'Gebruik minstens één letter.',
      username_number: 'Gebruik geen telefoonnummer in je bijnaam.', age_invalid: 'Vul een leeftijd in cijfers in, of laat het leeg.',
      closed: 'De chat is nu gesloten.', queue_full: 'Het is nu erg druk. Probeer het over een paar minuten opnieuw.',
      rate_limited: 'Je stuurt veel berichten snel achter elkaar. Wacht even.', too_long: 'Je bericht is te lang.',
      ended: 'De chat is beëindigd.', internal: 'Er ging iets mis. Probeer het opnieuw.', network: 'Geen verbinding. Probeer het opnieuw.'
    },
    en: {
      position: function (n) { return n === 1 ? 'You are next.' : n === 2 ? 'There is 1 person before you.' : 'There are ' + (n - 1) + ' people before you.'; },
      estimate: function (s) { var m = Math.ceil(s / 60); return 'Expected waiting time: about ' + m + (m === 1 ? ' minute.' : ' minutes.'); },
      shifts: function (n) { return n === 1 ? 'Press Shift 1 more time to leave quickly.' : 'Press Shift ' + n + ' more times to leave quickly.'; },
      typing: 'The counsellor is typing…',
      by_counsellor: 'The counsellor has closed the conversation.', by_visitor: 'You ended the conversation.',
      by_system: 'The conversation was closed because the connection was gone too long.',
      you: 'You', them: 'Counsellor', sending: 'sending…', sent: 'sent',
      failed: 'not sent', reconnecting: 'Connection lost. Trying again…',
      connected: '', active: 'A counsellor is here for you.', endConfirm: 'Do you want to end the chat?',
      username_required: 'Please fill in a nickname.', username_length: 'A nickname has 2 to 24 characters.',
      username_chars: 'Use only letters, digits, space, _ - or .', username_letter: 'Use at least one letter.',
      username_number: 'Do not use a phone number in your nickname.', age_invalid: 'Enter your age in digits, or leave it empty.',
      closed: 'The chat is closed now.', queue_full: 'It is very busy right now. Please try again in a few minutes.',
      rate_limited: 'You are sending many messages quickly. Please wait a moment.', too_long: 'Your message is too long.',
      ended: 'The chat has ended.', internal: 'Something went wrong. Please try again.', network: 'No connection. Please try again.'
    }
  };
  var lang = 'nl';
  try { lang = sessionStorage.getItem(LANG_KEY) || 'nl'; } catch (e) { /* storage blocked */ }
  function tr(key) { return TEXT[lang][key] || TEXT.nl[key] || key; }
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
    try { if (ws && ws.readyState === 1) { ws.send(JSON.stringify({ t: 'end' })); } } catch (e) { /* ignore */ }
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
      el.textContent = lang === 'en' ? el.dataset.en : el.dataset.nl;
    });
    var list = $('messages');
    list.setAttribute('aria-label', lang === 'en' ? list.dataset.enLabel : 'Berichten');
    $('lang').setAttribute('lang', lang === 'en' ? 'nl' : 'en');
    renderPosition();
    if (statusKey) { $('status').textContent = tr(statusKey); }
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
  var ended = false;
  var endedBy = '';

  var screens = ['closed', 'intake', 'queue', 'chat', 'ended'];
  function show(name) {
    // After the end the transcript stays readable above the closing notice.
    screens.forEach(function (s) { $(s).hidden = !(s === name || (name === 'ended' && s === 'chat')); });
    $('send-form').hidden = name === 'ended';
    $('end').hidden = name === 'ended';
    var h = $(name).querySelector('h1, h2');
    if (h) { h.setAttribute('tabindex', '-1'); h.focus(); }
  }
  function renderPosition() {
    if (position > 0) { $('position').textContent = tr('position')(position); }
    $('estimate').textContent = position > 0 && estimate ? tr('estimate')(estimate) : '';
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
  function fieldError(id, code) {
    var input = $(id);
    $(id + '-error').textContent = code ? tr(code) : '';
    if (code) { input.setAttribute('aria-invalid', 'true'); } else { input.removeAttribute('aria-invalid'); }
  }
  $('intake-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var username = $('username').value;
    var age = $('age').value.trim();
    var u = checkUsername(username);
    var a = age && !/^[0-9]{1,2}$/.test(age) ? 'age_invalid' : '';
    fieldError('username', u);
    fieldError('age', a);
    $('intake-error').textContent = '';
    if (u) { $('username').focus(); return; }
    if (a) { $('age').focus(); return; }
    var checked = document.querySelector('input[name=gender]:checked');
    var payload = { username: username, age: age, gender: checked ? checked.value : '', lang: lang };
    fetch('/chat/' + encodeURIComponent(channel) + '/start', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload),
      credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer'
    }).then(function (res) {
      return res.json().then(function (j) { return { ok: res.ok, body: j }; });
    }).then(function (r) {
      if (r.ok) {
        st = { token: r.body.token, pending: [] };
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
      $('intake-error').textContent = tr(code);
    }).catch(function () { $('intake-error').textContent = tr('network'); });
  });

  // ---- messages ----
  function timeOf(at) {
    var d = new Date(at);
    return isNaN(d) ? '' : d.toLocaleTimeString(lang === 'en' ? 'en-GB' : 'nl-NL', { hour: '2-digit', minute: '2-digit' });
  }
  function bubble(mine, text, meta) {
    var li = document.createElement('li');
    li.className = 'msg ' + (mine ? 'me' : 'them');
    var who = document.createElement('span');
    who.className = 'sr-only';
    who.textContent = (mine ? tr('you') : tr('them')) + ': ';
    var p = document.createElement('p');
    p.className = 'text';
    p.textContent = text;
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
  function onMsg(f) {
    if (f.seq <= lastSeq) { return; }
    lastSeq = f.seq;
    var mine = f.from === 'visitor';
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
  function newCid() {
    var b = new Uint8Array(12);
    window.crypto.getRandomValues(b);
    return Array.from(b, function (x) { return x.toString(16).padStart(2, '0'); }).join('');
  }
  function sendFrame(obj) { if (ws && ws.readyState === 1) { ws.send(JSON.stringify(obj)); } }
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
    clearTimeout(typingTimer);
    $('typing').hidden = !on;
    $('typing').textContent = on ? tr('typing') : '';
    if (on) { typingTimer = setTimeout(function () { showTyping(false); }, 4000); }
  }
  $('text').addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); $('send-form').requestSubmit(); }
  });
  $('end').addEventListener('click', function () {
    if (window.confirm(tr('endConfirm'))) { sendFrame({ t: 'end' }); }
  });
  $('again').addEventListener('click', function () {
    // Forget the old conversation entirely, its socket included, before a new intake.
    st = null; save(); lastSeq = 0; ended = false; endedBy = ''; position = 0; estimate = null;
    if (ws) { ws.onclose = null; try { ws.close(); } catch (e) { /* ignore */ } ws = null; }
    clearTimeout(timer);
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
  function status(key) { statusKey = key; $('status').textContent = key ? tr(key) : ''; }
  function connect() {
    if (!st || ws || leaving) { return; }
    clearTimeout(timer);
    var proto = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    var sock = new WebSocket(proto + '//' + window.location.host + '/chat/ws');
    ws = sock;
    sock.onopen = function () {
      retry = 0;
      sock.send(JSON.stringify({ t: 'hello', token: st.token, after: lastSeq }));
      st.pending.forEach(function (p) {
        if (!pendingEls[p.cid]) { addPending(p); }
        sock.send(JSON.stringify({ t: 'msg', cid: p.cid, text: p.text }));
      });
      status('');
    };
    sock.onmessage = function (e) {
      var f;
      try { f = JSON.parse(e.data); } catch (err) { return; }
      handle(f);
    };
    sock.onclose = function () {
      if (ws === sock) { ws = null; }
      if (ended || leaving || !st) { return; }
      status('reconnecting');
      var delay = Math.min(10000, 1000 * Math.pow(2, retry));
      retry += 1;
      timer = setTimeout(connect, delay);
    };
  }
  function handle(f) {
    if (f.t === 'msg') { if (f.from === 'counsellor') { showTyping(false); } onMsg(f); return; }
    if (f.t === 'typing') { showTyping(true); return; }
    if (f.t === 'state') {
      if (f.state === 'waiting') {
        position = f.position || 1;
        estimate = f.estimate || null;
        renderPosition();
        if ($('queue').hidden) { show('queue'); }
      } else if (f.state === 'active') {
        position = 0;
        if ($('chat').hidden) { show('chat'); status('active'); $('text').focus(); }
      } else if (f.state === 'ended') {
        ended = true;
        endedBy = f.by || 'system';
        st = null;
        save();
        showTyping(false);
        status('');
        $('ended-reason').textContent = tr('by_' + endedBy);
        show('ended');
        // Let go of the socket now: a new chat in this tab opens its own.
        if (ws) { var old = ws; ws = null; old.onclose = null; try { old.close(); } catch (e) { /* ignore */ } }
      }
      return;
    }
    if (f.t === 'error') {
      if (f.code === 'unknown_conversation') { st = null; save(); show('intake'); return; }
      if (f.cid && pendingEls[f.cid] && f.code !== 'not_stored') {
        pendingEls[f.cid].classList.add('failed');
        pendingEls[f.cid].querySelector('.meta').textContent = tr('failed') + ' – ' + tr(f.code);
        delete pendingEls[f.cid];
        st.pending = st.pending.filter(function (p) { return p.cid !== f.cid; });
        save();
      }
    }
  }
  document.addEventListener('visibilitychange', function () { if (!document.hidden && !ws) { retry = 0; connect(); } });
  window.addEventListener('online', function () { if (!ws) { retry = 0; connect(); } });

  // ---- start ----
  applyLang();
  if (st && st.token) {
    st.pending = st.pending || [];
    show('queue');
    connect();
  } else if (body.dataset.open === '1') {
    show('intake');
    $('username').focus();
  } else {
    show('closed');
  }
})();
