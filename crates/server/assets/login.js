// Console login (and the nl/en switch on staff pages without their own script).
'use strict';
(function () {
  var lang = 'nl';
  function applyLang() {
    document.documentElement.lang = lang;
    document.querySelectorAll('[data-en]').forEach(function (el) {
      if (el.dataset.nl === undefined) { el.dataset.nl = el.textContent; }
      el.textContent = lang === 'en' ? el.dataset.en : el.dataset.nl;
    });
  }
  var langBtn = document.getElementById('lang');
  if (langBtn) { langBtn.addEventListener('click', function () { lang = lang === 'en' ? 'nl' : 'en'; applyLang(); }); }
  var form = document.getElementById('login-form');
  if (!form) { return; }
  var messages = {
    nl: { bad_login: 'Naam of wachtwoord klopt niet.', too_many_attempts: 'Te veel pogingen. Probeer het over {s} seconden opnieuw.',
      csrf: 'De server weigert dit verzoek: het adres in je browser hoort niet bij deze server (andere herkomst, bijvoorbeeld http in plaats van https). Gebruik het adres dat je beheerder gaf.',
      network: 'Geen verbinding met de server. Controleer je internet en probeer het opnieuw.',
      other: 'Inloggen lukt nu niet (fout {c}). Probeer het zo opnieuw of meld het aan je beheerder.' },
    en: { bad_login: 'Name or password is wrong.', too_many_attempts: 'Too many attempts. Try again in {s} seconds.',
      csrf: 'The server refuses this request: the address in your browser does not belong to this server (another origin, for example http instead of https). Use the address your administrator gave.',
      network: 'No connection to the server. Check your internet and try again.',
      other: 'Cannot log in right now (error {c}). Try again shortly or tell your administrator.' }
  };
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var err = document.getElementById('login-error');
    err.textContent = '';
    fetch('/console/api/login', {
      method: 'POST', headers: { 'content-type': 'application/json' }, cache: 'no-store',
      body: JSON.stringify({ name: document.getElementById('name').value, password: document.getElementById('password').value })
    }).then(function (res) {
      if (res.ok) { window.location.replace(window.location.pathname.indexOf('/research') === 0 ? window.location.pathname + window.location.search : '/console'); return null; }
      return res.json().then(function (j) { return j; }, function () { return {}; }).then(function (j) {
        err.textContent = (messages[lang][j.error] || messages[lang].other).replace('{s}', String(j.retry_after || 1)).replace('{c}', String(res.status));
      });
    }, function () { err.textContent = messages[lang].network; });
  });
})();
