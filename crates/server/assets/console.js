// The counsellor console: queue (polled), own conversations (WebSocket with resume), canned
// responses, transfer, end, and the registration panel. Every POST carries the CSRF token.
'use strict';
(function () {
  var body = document.body;
  var csrf = body.dataset.csrf;
  var lang = 'nl';
  var T = {
    nl: { take: 'Aannemen', offline: 'bezoeker is weg', ended: 'beëindigd', you: 'Jij', visitor: 'Bezoeker',
      saved: 'Opgeslagen.', notSaved: 'Niet opgeslagen: ', confirmEnd: 'Gesprek beëindigen?', sending: 'wordt verstuurd…',
      female: 'vrouw', male: 'man', neutral: 'neutraal', taken: 'Al aangenomen door een collega.', endedBy: 'Beëindigd door ' },
    en: { take: 'Take', offline: 'visitor left', ended: 'ended', you: 'You', visitor: 'Visitor',
      saved: 'Saved.', notSaved: 'Not saved: ', confirmEnd: 'End this conversation?', sending: 'sending…',
      female: 'female', male: 'male', neutral: 'neutral', taken: 'Already taken by a colleague.', endedBy: 'Ended by ' }
  };
  function tr(k) { return T[lang][k] || k; }
  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) { e.className = cls; } if (text !== undefined) { e.textContent = text; } return e; }

  function api(method, path, data) {
    return fetch(path, {
      method: method, cache: 'no-store',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
      body: data === undefined ? undefined : JSON.stringify(data)
    }).then(function (res) {
      if (res.status === 401) { window.location.reload(); }
      return res.json().then(function (j) { return { ok: res.ok, body: j }; }, function () { return { ok: res.ok, body: {} }; });
    });
  }

  // ---- language ----
  function applyLang() {
    document.documentElement.lang = lang;
    document.querySelectorAll('[data-en]').forEach(function (e) {
      if (e.dataset.nl === undefined) { e.dataset.nl = e.textContent; }
      e.textContent = lang === 'en' ? e.dataset.en : e.dataset.nl;
    });
    refresh();
    renderConv();
  }
  $('lang').addEventListener('click', function () { lang = lang === 'en' ? 'nl' : 'en'; applyLang(); });
  $('logout').addEventListener('click', function () { api('POST', '/console/api/logout').then(function () { window.location.replace('/console'); }); });

  // ---- conversations held by this console ----
  var convs = {};     // conv id -> {summary, messages: [], lastSeq, unread, ended, online, pending: {}}
  var order = [];
  var current = null;
  function conv(id, summary) {
    if (!convs[id]) { convs[id] = { summary: summary || {}, messages: [], lastSeq: 0, unread: 0, ended: null, online: true }; order.push(id); }
    if (summary) { convs[id].summary = summary; convs[id].online = summary.online !== false; }
    return convs[id];
  }
  function who(s) {
    var parts = [];
    if (s.age) { parts.push(s.age); }
    if (s.gender) { parts.push(tr(s.gender)); }
    return parts.join(' / ') || '–';
  }
  function waited(sec) { var m = Math.floor(sec / 60); var s = sec % 60; return m + ':' + (s < 10 ? '0' : '') + s; }

  function renderTabs() {
    var ul = $('mine');
    ul.textContent = '';
    order.forEach(function (id) {
      var c = convs[id];
      var li = el('li');
      var b = el('button');
      b.type = 'button';
      b.setAttribute('aria-current', id === current ? 'true' : 'false');
      var name = el('span', '', (c.summary.username || id) + ' · ' + (c.summary.channel || ''));
      b.appendChild(name);
      var note = c.ended ? tr('ended') : (c.online ? '' : tr('offline'));
      if (note) { b.appendChild(el('span', 'offline', note)); }
      if (c.unread) { b.appendChild(el('span', 'badge', String(c.unread))); }
      b.addEventListener('click', function () { select(id); });
      li.appendChild(b);
      ul.appendChild(li);
    });
  }

  function bubble(m, c) {
    var mine = m.from === 'counsellor';
    var li = el('li', 'msg ' + (mine ? 'me' : 'them'));
    li.appendChild(el('span', 'sr-only', (mine ? tr('you') : tr('visitor')) + ': '));
    li.appendChild(el('p', 'text', m.text));
    var d = new Date(m.at);
    li.appendChild(el('span', 'meta', m.pending ? tr('sending') : (isNaN(d) ? '' : d.toLocaleTimeString('nl-NL', { hour: '2-digit', minute: '2-digit' }))));
    if (m.pending) { li.classList.add('pending'); }
    return li;
  }
  function renderConv() {
    var c = current && convs[current];
    $('conversation').hidden = !c;
    $('registration').hidden = !c;
    $('no-conversation').hidden = !!c;
    if (!c) { return; }
    $('conv-h').textContent = (c.summary.username || current) + ' · ' + (c.summary.channel || '') + ' · ' + who(c.summary);
    var ol = $('transcript');
    ol.textContent = '';
    c.messages.forEach(function (m) { ol.appendChild(bubble(m, c)); });
    Object.keys(c.pending || {}).forEach(function (cid) { ol.appendChild(bubble(c.pending[cid], c)); });
    ol.scrollTop = ol.scrollHeight;
    $('conv-status').textContent = c.ended ? tr('endedBy') + c.ended : (c.online ? '' : tr('offline'));
    $('reply').disabled = !!c.ended;
    $('end-conv').disabled = !!c.ended;
    $('transfer').disabled = !!c.ended;
  }
  function select(id) {
    current = id;
    convs[id].unread = 0;
    renderTabs();
    renderConv();
    loadRegistration(id);
    $('reply').focus();
  }

  // ---- queue, colleagues: polled ----
  function refresh() {
    api('GET', '/console/api/state').then(function (r) {
      if (!r.ok) { return; }
      var tb = $('queue');
      tb.textContent = '';
      r.body.queue.forEach(function (q) {
        var tr_ = el('tr');
        tr_.appendChild(el('td', '', q.channel));
        tr_.appendChild(el('td', '', q.username));
        tr_.appendChild(el('td', '', who(q)));
        tr_.appendChild(el('td', '', waited(q.waiting_seconds)));
        var td = el('td');
        var b = el('button', '', tr('take'));
        b.type = 'button';
        b.addEventListener('click', function () {
          api('POST', '/console/api/take', { conv: q.conv }).then(function (res) {
            if (!res.ok) { window.alert(tr('taken')); }
            refresh();
          });
        });
        td.appendChild(b);
        tr_.appendChild(td);
        tb.appendChild(tr_);
      });
      $('queue-empty').hidden = r.body.queue.length > 0;
      var sel = $('transfer-to');
      var keep = sel.value;
      sel.textContent = '';
      r.body.colleagues.filter(function (c) { return !c.me; }).forEach(function (c) {
        var o = el('option', '', c.name + (c.online ? ' ●' : ''));
        o.value = String(c.id);
        sel.appendChild(o);
      });
      sel.value = keep;
    });
  }
  setInterval(refresh, 3000);

  // ---- WebSocket with resume ----
  var ws = null;
  var retry = 0;
  function connect() {
    var proto = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    var sock = new WebSocket(proto + '//' + window.location.host + '/console/ws');
    ws = sock;
    sock.onopen = function () {
      retry = 0;
      var after = {};
      Object.keys(convs).forEach(function (id) { after[id] = convs[id].lastSeq; });
      sock.send(JSON.stringify({ t: 'resume', after: after }));
      Object.keys(convs).forEach(function (id) {
        var p = convs[id].pending || {};
        Object.keys(p).forEach(function (cid) { sock.send(JSON.stringify({ t: 'msg', conv: id, cid: cid, text: p[cid].text })); });
      });
    };
    sock.onmessage = function (e) {
      var f;
      try { f = JSON.parse(e.data); } catch (err) { return; }
      handle(f);
    };
    sock.onclose = function () {
      if (ws === sock) { ws = null; }
      setTimeout(connect, Math.min(10000, 1000 * Math.pow(2, retry++)));
    };
  }
  function handle(f) {
    if (f.t === 'assigned') {
      var c = conv(f.conv.conv, f.conv);
      c.ended = null;
      renderTabs();
      if (!current) { select(f.conv.conv); }
      refresh();
    } else if (f.t === 'msg') {
      var m = conv(f.conv);
      if (f.seq <= m.lastSeq) { return; }
      m.lastSeq = f.seq;
      if (m.pending && m.pending[f.cid]) { delete m.pending[f.cid]; }
      m.messages.push(f);
      if (f.conv !== current) { m.unread += 1; renderTabs(); } else { renderConv(); }
    } else if (f.t === 'unassigned') {
      delete convs[f.conv];
      order = order.filter(function (id) { return id !== f.conv; });
      if (current === f.conv) { current = null; }
      renderTabs();
      renderConv();
    } else if (f.t === 'ended') {
      if (convs[f.conv]) { convs[f.conv].ended = f.by; renderTabs(); if (f.conv === current) { renderConv(); } }
    } else if (f.t === 'presence') {
      if (convs[f.conv]) { convs[f.conv].online = f.online; renderTabs(); if (f.conv === current) { renderConv(); } }
    }
  }

  // ---- actions ----
  function newCid() {
    var b = new Uint8Array(12);
    window.crypto.getRandomValues(b);
    return Array.from(b, function (x) { return x.toString(16).padStart(2, '0'); }).join('');
  }
  $('reply-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var text = $('reply').value.trim();
    if (!text || !current) { return; }
    var c = convs[current];
    var cid = newCid();
    c.pending = c.pending || {};
    c.pending[cid] = { from: 'counsellor', text: text, pending: true };
    $('reply').value = '';
    renderConv();
    if (ws && ws.readyState === 1) { ws.send(JSON.stringify({ t: 'msg', conv: current, cid: cid, text: text })); }
  });
  $('reply').addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); $('reply-form').requestSubmit(); }
  });
  $('canned').addEventListener('change', function () {
    if (this.value) { $('reply').value = this.value; this.value = ''; $('reply').focus(); }
  });
  $('transfer').addEventListener('click', function () {
    var to = parseInt($('transfer-to').value, 10);
    if (!current || !to) { return; }
    api('POST', '/console/api/transfer', { conv: current, to: to }).then(function () { refresh(); });
  });
  $('end-conv').addEventListener('click', function () {
    if (current && window.confirm(tr('confirmEnd'))) { api('POST', '/console/api/end', { conv: current }); }
  });

  // ---- registration panel ----
  function loadRegistration(id) {
    $('reg-status').textContent = '';
    api('GET', '/console/api/registration/' + encodeURIComponent(id)).then(function (r) {
      if (!r.ok || id !== current) { return; }
      var reg = r.body;
      setYesNo('trafficking', reg.trafficking);
      setYesNo('first_time', reg.first_time);
      document.querySelectorAll('input[name=category]').forEach(function (i) { i.checked = reg.categories.indexOf(i.value) >= 0; });
      document.querySelectorAll('input[name=referral]').forEach(function (i) { i.checked = reg.referrals.indexOf(i.value) >= 0; });
      $('referral-other').value = reg.referral_other || '';
      $('notes').value = reg.notes || '';
    });
  }
  // A yes / no / not known radio group and its value true, false or null.
  function setYesNo(name, value) {
    var v = value === true ? 'yes' : value === false ? 'no' : '';
    document.querySelectorAll('input[name=' + name + ']').forEach(function (i) { i.checked = i.value === v; });
  }
  function yesNo(name) {
    var t = document.querySelector('input[name=' + name + ']:checked');
    return !t || t.value === '' ? null : t.value === 'yes';
  }
  $('reg-form').addEventListener('submit', function (e) {
    e.preventDefault();
    if (!current) { return; }
    var values = function (name) { return Array.from(document.querySelectorAll('input[name=' + name + ']:checked'), function (i) { return i.value; }); };
    var reg = {
      trafficking: yesNo('trafficking'), first_time: yesNo('first_time'),
      categories: values('category'), referrals: values('referral'),
      referral_other: $('referral-other').value, notes: $('notes').value
    };
    api('POST', '/console/api/registration/' + encodeURIComponent(current), reg).then(function (r) {
      $('reg-status').textContent = r.ok ? tr('saved') : tr('notSaved') + (r.body.error || '');
    });
  });

  refresh();
  connect();
})();
