// zicht research pages: fetches with the CSRF token, the coding form, and the keyboard
// (j/k move between items, a accepts, r rejects). No inline script: the CSP forbids it.
"use strict";
(function () {
  const csrf = (document.querySelector('meta[name="csrf"]') || {}).content || "";
  // The Dutch or English of a message the script writes, as the page is shown now.
  const L = (nl, en) => (document.documentElement.lang === "en" ? en : nl);
  // An element's text in the page's language, the other one in `data-en`
  // for the language switch.
  function setBoth(el, nl, en) {
    const english = document.documentElement.lang === "en";
    el.textContent = english ? en : nl;
    el.setAttribute("data-en", english ? nl : en);
  }
  // The final coding's klaar button as the mark now stands.
  function showFinalDone(b, done) {
    b.dataset.done = done ? "1" : "0";
    b.className = done ? "quiet" : "";
    if (done) setBoth(b, "Toch nog niet klaar (markering intrekken)", "Not done after all (take the mark back)");
    else setBoth(b, "Klaar met coderen (deze casus)", "Done coding (this case)");
  }
  const status = document.getElementById("status");
  // A change that took the final coding's "klaar" mark back: said with the
  // confirmation that follows it (once).
  let withdrawnNote = "";
  const say = (text, bad) => {
    if (!status) return;
    status.textContent = bad || !withdrawnNote ? text : text + " " + withdrawnNote;
    if (!bad) withdrawnNote = "";
    status.className = bad ? "error" : "ok";
  };

  // The question the undo button asks first when what it takes back next is a status change.
  let nextAsk = null;
  // The page's POSTs go one after another: a save is checked against the
  // log sequence of the page's previous answer, so the page's own saves are
  // never taken for another window's (`seen` is read when the save is sent).
  let queue = Promise.resolve();
  function post(url, body) {
    const run = queue.then(() => send(url, body));
    queue = run.catch(() => {});
    return run;
  }
  async function send(url, body) {
    const coded = document.querySelector(".coding");
    if (body && "seen" in body && coded && coded.dataset.seen) body = Object.assign({}, body, { seen: Number(coded.dataset.seen) });
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-csrf-token": csrf },
      body: JSON.stringify(body),
      credentials: "same-origin",
    });
    let data = {};
    try { data = await res.json(); } catch (e) { data = {}; }
    if (!res.ok) {
      const err = new Error(data.message || L("Er ging iets mis (fout " + res.status + ").", "Something went wrong (error " + res.status + ")."));
      err.field = data.field || null;
      err.code = data.error || null;
      throw err;
    }
    // A coding answer carries every value up to the log sequence it names:
    // the form now shows that state, later saves are checked against it.
    const form = document.querySelector(".coding");
    if (form && typeof data.seen === "number") form.dataset.seen = String(data.seen);
    if ("next_ask" in data) nextAsk = data.next_ask;
    if (data.exported && data.exported.changed) {
      // The year is exported as final and this case changed since: said on
      // the page (in the line under "klaar") and with the confirmation.
      let p = document.getElementById("exported-note");
      const finished = document.getElementById("case-finished");
      if (!p && finished) {
        p = document.createElement("p");
        p.id = "exported-note";
        finished.insertAdjacentElement("afterend", p);
      }
      if (p) {
        setBoth(p, data.exported.nl, data.exported.en);
        p.className = data.exported["class"];
      }
      withdrawnNote = L("Let op: deze wijziging staat niet in de definitieve export van dit jaar.", "Note: this change is not in this year's final export.");
    }
    if (data.withdrawn) {
      // The final coding changed after it was marked "klaar": the mark is
      // taken back (recorded on the server), the button marks it anew.
      withdrawnNote = (withdrawnNote ? withdrawnNote + " " : "") + L("De klaar-markering is ingetrokken: markeer de casus opnieuw als klaar als de codering zo goed is.",
        "The done mark was taken back: mark the case as done again if the coding is right.");
      const b = document.getElementById("final-done");
      if (b) showFinalDone(b, false);
    }
    return data;
  }

  // Log out: the session ends on the server, then the login page.
  const logout = document.getElementById("logout");
  if (logout) {
    logout.addEventListener("click", async () => {
      try {
        await post("/console/api/logout", {});
        window.location.assign("/research");
      } catch (e) {
        say(e.message, true);
      }
    });
  }

  // The year page: the proposed pairs counted in the background appear without a reload.
  const counting = document.getElementById("step-pairs");
  if (counting && counting.dataset.counting) {
    const poll = async () => {
      try {
        const res = await fetch(counting.dataset.counting, { credentials: "same-origin" });
        const d = await res.json();
        if (d.counting) { setTimeout(poll, 1500); return; }
        counting.querySelector(".n").textContent = d.n;
        const what = counting.querySelector(".what");
        const en = document.documentElement.lang === "en";
        what.textContent = en ? d.en : d.nl;
        what.setAttribute("data-en", en ? d.nl : d.en);
        delete counting.dataset.counting;
      } catch (e) { setTimeout(poll, 3000); }
    };
    setTimeout(poll, 500);
  }
  // A page reloaded after a change keeps its place: the scroll position, the
  // focus on `id`, and what happened said in the status line.
  function reloadInPlace(id, message) {
    try { sessionStorage.setItem("zicht-place", JSON.stringify({ path: location.pathname + location.search, y: window.scrollY, id, message })); } catch (e) { /* private mode: a plain reload */ }
    location.reload();
  }
  try {
    const place = JSON.parse(sessionStorage.getItem("zicht-place") || "null");
    sessionStorage.removeItem("zicht-place");
    if (place && place.path === location.pathname + location.search) {
      window.scrollTo(0, place.y);
      let el = document.getElementById(place.id);
      // An empty place (the undo line with nothing left to undo) says what
      // happened: an empty outlined box says nothing.
      if (el && !el.textContent.trim()) {
        const p = document.createElement("p");
        p.className = "muted";
        p.textContent = (place.message ? place.message + " " : "") + L("Er is niets meer ongedaan te maken.", "There is nothing left to undo.");
        el.appendChild(p);
      }
      if (el) {
        if (el.tagName === "DETAILS") el.open = true;
        if (!el.hasAttribute("tabindex")) el.tabIndex = -1;
        el.focus({ preventScroll: true });
      }
      if (place.message) say(place.message);
    }
  } catch (e) { /* nothing kept */ }
  // Back to a page kept by the browser: show it as it is now (counts change elsewhere).
  window.addEventListener("pageshow", (ev) => { if (ev.persisted) window.location.reload(); });

  const assigned = document.getElementById("assigned");
  if (assigned) assigned.focus();

  // Language switch: every element with data-en swaps its text.
  const lang = document.getElementById("lang");
  // Dates ("3 mrt 2022"): the three months whose Dutch abbreviation differs.
  const MONTHS = [["mrt", "Mar"], ["mei", "May"], ["okt", "Oct"]];
  const months = (toEn) => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.parentElement && n.parentElement.closest(".messages, .lines, textarea")) continue;
      let t = n.textContent;
      for (const [nl, en] of MONTHS) {
        const [from, to] = toEn ? [nl, en] : [en, nl];
        t = t.replace(new RegExp("(\\d{1,2}) " + from + " (\\d{4})", "g"), "$1 " + to + " $2");
      }
      if (t !== n.textContent) n.textContent = t;
    }
  };
  const swap = () => {
    document.querySelectorAll("[data-en]").forEach((el) => {
      const other = el.getAttribute("data-en");
      el.setAttribute("data-en", el.textContent);
      el.textContent = other;
    });
    document.documentElement.lang = document.documentElement.lang === "nl" ? "en" : "nl";
    months(document.documentElement.lang === "en");
  };
  if (lang) {
    lang.addEventListener("click", () => {
      swap();
      // The choice carries over to the next page.
      try { localStorage.setItem("zicht-research-lang", document.documentElement.lang); } catch (e) { /* private mode */ }
    });
    let stored = null;
    try { stored = localStorage.getItem("zicht-research-lang"); } catch (e) { stored = null; }
    if (stored === "en" && document.documentElement.lang === "nl") swap();
  }

  // An error beside its field: the message under it, the field marked and focused.
  function fieldError(input, message) {
    if (!input) { say(message, true); return; }
    const wrap = input.closest(".field, .item-box") || input.parentElement;
    let p = wrap.querySelector(".field-error");
    if (!p) {
      p = document.createElement("p");
      p.className = "field-error";
      p.id = "e-" + (input.id || input.name);
      wrap.appendChild(p);
      input.setAttribute("aria-describedby", p.id);
    }
    p.textContent = message;
    p.hidden = false;
    input.setAttribute("aria-invalid", "true");
    input.classList.add("bad");
    // A new message replaces an open "colleague changed it" question.
    delete input.dataset.pending;
    input.focus();
    say(message, true);
  }
  function clearError(input) {
    if (!input) return;
    const wrap = input.closest(".field, .item-box") || input.parentElement;
    const p = wrap && wrap.querySelector(".field-error");
    if (p) { p.hidden = true; p.textContent = ""; }
    delete input.dataset.pending;
    input.removeAttribute("aria-invalid");
    input.classList.remove("bad");
  }

  // Keyboard navigation over .item elements.
  // Only the ones on screen: an excluded case hides most suggestions.
  const items = () => Array.from(document.querySelectorAll(".item")).filter((el) => el.offsetParent !== null);
  let current = -1;
  function focusItem(i) {
    const list = items();
    if (!list.length) return;
    current = Math.max(0, Math.min(list.length - 1, i));
    list.forEach((el) => el.classList.remove("current"));
    list[current].classList.add("current");
    list[current].focus();
    list[current].scrollIntoView({ block: "nearest" });
    const mark = document.querySelector('mark[data-s~="' + list[current].id + '"]');
    document.querySelectorAll("mark.current").forEach((m) => m.classList.remove("current"));
    if (mark) { mark.classList.add("current"); mark.scrollIntoView({ block: "nearest" }); }
  }
  document.addEventListener("keydown", (ev) => {
    const tag = (ev.target && ev.target.tagName) || "";
    if (["INPUT", "SELECT", "TEXTAREA"].includes(tag) || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const list = items();
    if (!list.length) return;
    if (ev.key === "j") { focusItem(current + 1); ev.preventDefault(); }
    else if (ev.key === "k") { focusItem(current - 1); ev.preventDefault(); }
    else if (ev.key === "a" || ev.key === "r") {
      // Nothing chosen yet: a stray key decides nothing, and the page says
      // how to choose first (tenth walk, finding 10).
      if (current < 0) {
        const pairs = list[0].classList.contains("pair");
        const [nl, en] = pairs ? ["een paar", "a pair"] : ["een suggestie", "a suggestion"];
        say(L("Kies eerst " + nl + " met j (volgende) of k (vorige); daarna beslist " + ev.key + " erover.",
          "First choose " + en + " with j (next) or k (previous); then " + ev.key + " decides on it."));
        return;
      }
      const el = items()[current];
      const btn = el && el.querySelector(ev.key === "a" ? "button.accept" : "button.reject");
      if (!btn) return;
      ev.preventDefault();
      if (btn.offsetParent === null || btn.disabled || getComputedStyle(btn).visibility === "hidden") {
        // Nothing to do here (already accepted, or a pair already in one case).
        say(el.dataset.state === "accepted"
          ? L("Deze suggestie is al geaccepteerd.", "This suggestion is accepted already.")
          : L("Hier valt niets te beslissen.", "There is nothing to decide here."));
        return;
      }
      if (el.classList.contains("suggestion")) {
        // A suggestion goes into the coding only by a deliberate Enter or
        // click on its button: the key puts the focus there.
        btn.focus();
        say(ev.key === "a" ? L("Druk Enter om deze suggestie te accepteren.", "Press Enter to accept this suggestion.") : L("Druk Enter om deze suggestie af te wijzen.", "Press Enter to reject this suggestion."));
      } else {
        btn.click();
      }
    }
  });
  document.querySelectorAll("mark[data-s]").forEach((m) => {
    m.addEventListener("click", () => {
      const first = m.getAttribute("data-s").split(" ")[0];
      const idx = items().findIndex((el) => el.id === first);
      if (idx >= 0) focusItem(idx);
    });
  });

  // Duplicate linking. After a decision every card says where its pair
  // stands now (from the year's clusters the server returns): a linked pair
  // offers only "Ontkoppelen…", a pair whose conversations are in one case
  // through other links says so and offers nothing, without a reload.
  const pairCards = () => Array.from(document.querySelectorAll("article.pair:not(.manual)"));
  function showClusters(clusters) {
    const where = new Map();
    (clusters || []).forEach((c) => c.conversations.forEach((id) => where.set(id, c["case"])));
    let open = 0;
    pairCards().forEach((card) => {
      const ca = where.get(card.dataset.a);
      const together = ca !== undefined && ca === where.get(card.dataset.b);
      const own = card.dataset.own || "";
      const now = together ? (own === "linked" ? "linked" : "via") : (own === "linked" ? "" : own);
      const state = card.querySelector(".state");
      if (now !== card.dataset.decided || (together && !state.textContent.includes(ca))) {
        card.dataset.decided = now;
        const [nl, en] = now === "linked" ? ["gekoppeld, in casus " + ca, "linked, in case " + ca]
          : now === "via" ? ["al gekoppeld via andere gesprekken: beide zitten in casus " + ca, "already linked through other conversations: both are in case " + ca]
          : now === "rejected" ? ["niet gekoppeld", "not linked"]
          : ["nog niet beoordeeld", "not yet decided"];
        const english = document.documentElement.lang === "en";
        state.textContent = english ? en : nl;
        state.setAttribute("data-en", english ? nl : en);
      }
      if (!now) open += 1;
    });
    // Every undecided pair has its card on the page (all pairs, or only the open ones).
    const count = document.getElementById("open-pairs");
    if (count) count.textContent = String(open);
  }
  pairCards().forEach((el) => {
    const confirmBox = el.querySelector(".confirm");
    const unlinkButton = el.querySelector("button.unlink");
    const decide = async (linked) => {
      try {
        const d = await post("/research/api/link", { a: el.dataset.a, b: el.dataset.b, linked });
        const before = el.dataset.own;
        el.dataset.own = linked ? "linked" : "rejected";
        el.querySelectorAll(".pair-error").forEach((p) => p.remove());
        if (confirmBox) confirmBox.hidden = true;
        if (unlinkButton) unlinkButton.setAttribute("aria-expanded", "false");
        showClusters(d.clusters);
        if (!linked && before === "linked") {
          // Unlinked: said as such, not as a rejection.
          const state = el.querySelector(".state");
          if (el.dataset.decided === "rejected") state.textContent = L("ontkoppeld", "unlinked");
        }
        say(linked ? L("Gekoppeld, in casus ", "Linked, in case ") + d["case"] + "." : (before === "linked" ? L("Ontkoppeld.", "Unlinked.") : L("Niet gekoppeld.", "Not linked.")));
        const list = items();
        const i = list.indexOf(el);
        if (i >= 0 && i + 1 < list.length) focusItem(i + 1);
      } catch (e) {
        // The refusal once, beside the pair (the conflict shown before the
        // click is replaced, not repeated), focused so it is read.
        let err = el.querySelector(".merge-conflict") || el.querySelector(".pair-error");
        if (!err) {
          err = document.createElement("p");
          err.className = "pair-error error";
          err.tabIndex = -1;
          el.querySelector(".buttons").before(err);
        }
        err.textContent = e.message;
        err.focus();
        if (status) status.textContent = "";
      }
    };
    el.querySelector("button.accept").addEventListener("click", () => decide(true));
    el.querySelector("button.reject").addEventListener("click", () => {
      // A linked pair is not rejected: it is unlinked, after a confirmation.
      if (el.dataset.decided === "linked" || el.dataset.decided === "via") return;
      decide(false);
    });
    if (unlinkButton && confirmBox) {
      unlinkButton.addEventListener("click", () => {
        confirmBox.hidden = false;
        unlinkButton.setAttribute("aria-expanded", "true");
        confirmBox.querySelector("button.confirm-unlink").focus();
      });
      confirmBox.querySelector("button.confirm-unlink").addEventListener("click", () => decide(false));
      confirmBox.querySelector("button.cancel-unlink").addEventListener("click", () => {
        confirmBox.hidden = true;
        unlinkButton.setAttribute("aria-expanded", "false");
        unlinkButton.focus();
      });
    }
  });

  // Linking by hand: the confirmation, then the kept case.
  const linkConfirm = document.getElementById("link-confirm");
  if (linkConfirm) {
    linkConfirm.addEventListener("click", async () => {
      const err = document.getElementById("link-error");
      try {
        const d = await post("/research/api/link", { a: linkConfirm.dataset.a, b: linkConfirm.dataset.b, linked: true });
        window.location.assign("/research/case/" + encodeURIComponent(d.case) + "?merged=" + encodeURIComponent(linkConfirm.dataset.merged));
      } catch (e) {
        err.textContent = e.message;
        err.hidden = false;
        err.focus();
      }
    });
  }

  // Unlinking on the case page: asks first, then the page as it is now.
  document.querySelectorAll("#case-links li.link").forEach((li) => {
    const open = li.querySelector("button.unlink");
    const box = li.querySelector(".confirm");
    open.addEventListener("click", () => {
      box.hidden = false;
      open.setAttribute("aria-expanded", "true");
      box.querySelector("button.confirm-unlink").focus();
    });
    box.querySelector("button.cancel-unlink").addEventListener("click", () => {
      box.hidden = true;
      open.setAttribute("aria-expanded", "false");
      open.focus();
    });
    const yes = box.querySelector("button.confirm-unlink");
    yes.addEventListener("click", async () => {
      try {
        await post("/research/api/link", { a: yes.dataset.a, b: yes.dataset.b, linked: false });
        window.location.assign(window.location.pathname + "?unlinked=" + encodeURIComponent(yes.dataset.b));
      } catch (e) {
        let p = li.querySelector(".pair-error");
        if (!p) {
          p = document.createElement("p");
          p.className = "pair-error error";
          p.tabIndex = -1;
          box.appendChild(p);
        }
        p.textContent = e.message;
        p.focus();
      }
    });
  });

  // The coding form.
  const coding = document.querySelector(".coding");
  // The final coding's line "finished or not", as the server says after a change.
  function showFinished(f) {
    const p = document.getElementById("case-finished");
    if (!p || !f) return;
    setBoth(p, f.nl, f.en);
    p.className = f["class"];
  }
  function applyValues(values, finished) {
    showFinished(finished);
    // A suggestion the coding now says (typed or chosen by hand) is settled,
    // as the server shows it after a reload; one whose value is gone is open again.
    document.querySelectorAll("li.suggestion").forEach((li) => {
      if (!document.getElementById("f-" + li.dataset.var)) return;
      const holds = values[li.dataset.var] === li.dataset.value;
      const st = li.querySelector(".state-text");
      // Never "afgewezen" beside a value the coding holds.
      if (holds && li.dataset.state !== "accepted") {
        li.dataset.state = "accepted";
        if (st) { st.textContent = L("✓ al zo gecodeerd", "✓ already coded"); st.setAttribute("data-en", L("✓ already coded", "✓ al zo gecodeerd")); }
      } else if (!holds && li.dataset.state === "accepted") {
        li.dataset.state = "";
        if (st) { st.textContent = ""; st.setAttribute("data-en", ""); }
      }
    });
    document.querySelectorAll("[data-col]").forEach((input) => {
      // A field whose value a colleague's change refused keeps the
      // researcher's own value while the question beside it is open (a save
      // of another field must not swap it for the colleague's value).
      if (input.dataset.pending !== undefined || input.dataset.unsaved !== undefined) return;
      const v = values[input.dataset.col];
      if (input.type === "checkbox") input.checked = v === "1";
      else if (document.activeElement !== input || input.tagName === "SELECT") input.value = v === undefined ? "" : v;
    });
    document.querySelectorAll("[data-cond-var]").forEach((w) => {
      const v = values[w.dataset.condVar];
      let holds = true;
      if (w.dataset.condIn !== undefined) holds = v !== undefined && w.dataset.condIn.split(" ").includes(v);
      else if (w.dataset.condNotin !== undefined) holds = !(v !== undefined && w.dataset.condNotin.split(" ").includes(v));
      w.hidden = !holds;
      const na = document.querySelector('[data-na-for="' + w.id + '"]');
      if (na) na.hidden = holds;
    });
  }
  if (coding) {
    const caseId = coding.dataset.case;
    const version = coding.dataset.version;
    // A colleague changed this field since the page was built: their value
    // stays, the message beside the field offers a reload or, on purpose,
    // saving this value over theirs (logged as such). `value` is the refused
    // value, kept (in the box and for the button) until the question is over.
    function showChanged(input, message, save, value) {
      fieldError(input, message);
      input.dataset.pending = JSON.stringify(value);
      const wrap = input.closest(".field, .item-box") || input.parentElement;
      const p = wrap && wrap.querySelector(".field-error");
      if (!p) return;
      const row = document.createElement("span");
      row.className = "changed-actions";
      const reload = document.createElement("button");
      reload.type = "button";
      reload.textContent = L("Pagina vernieuwen", "Reload the page");
      reload.setAttribute("data-en", L("Reload the page", "Pagina vernieuwen"));
      reload.addEventListener("click", () => reloadInPlace(input.id, L("Vernieuwd: je ziet nu de waarde van je collega.", "Reloaded: you now see your colleague's value.")));
      const mine = document.createElement("button");
      mine.type = "button";
      mine.className = "quiet";
      mine.textContent = L("Toch mijn waarde opslaan", "Save my value anyway");
      mine.setAttribute("data-en", L("Save my value anyway", "Toch mijn waarde opslaan"));
      mine.addEventListener("click", () => save(true, value));
      row.append(" ", reload, " ", mine);
      p.appendChild(row);
      p.scrollIntoView({ block: "nearest" });
    }
    document.querySelectorAll("[data-col]").forEach((input) => {
      // `chosen`: the value to save on purpose (the refused one), else the box's.
      const save = async (overwrite, chosen) => {
        let value = input.type === "checkbox" ? (input.checked ? "1" : null) : input.value;
        if (chosen !== undefined) value = chosen;
        if (value === "") value = null;
        try {
          const seen = Number(coding.dataset.seen);
          const data = await post("/research/api/value", { case_id: caseId, version, column: input.dataset.col, value, seen, overwrite });
          delete input.dataset.pending;
          applyValues(data.values, data.finished);
          if (input.tagName === "SELECT") input.dataset.was = input.value;
          showExcluded(data.values);
          say(data.changes.length
            ? (overwrite ? L("Opgeslagen: jouw waarde staat nu in plaats van die van je collega.", "Saved: your value now replaces your colleague's.") : L("Opgeslagen.", "Saved."))
            : L("Geen wijziging.", "No change."));
          clearError(input);
          if (overwrite) input.focus();
          if (data.changes.length) showUndo(describe(input));
          settleDifference(input.dataset.col);
        } catch (e) {
          const target = (e.field && document.querySelector('[data-col="' + e.field + '"]')) || input;
          if (e.code === "changed" && target === input) showChanged(input, e.message, save, value);
          else fieldError(target, e.message);
        }
      };
      if (input.tagName !== "SELECT") {
        input.addEventListener("change", () => save(false));
        return;
      }
      // Chromium fires `change` for every arrow key on a closed list: a
      // choice made with the keys is saved once, on Enter, Tab or leaving the
      // field (one choice, one line in the log, and an undo goes back to the
      // value before it); a choice with the mouse is saved at once. Escape
      // puts the saved value back.
      let keyed = false;
      const commit = () => {
        if (input.dataset.unsaved === undefined) return;
        delete input.dataset.unsaved;
        save(false);
      };
      input.addEventListener("keydown", (ev) => {
        if (ev.key === "Enter") {
          if (input.dataset.unsaved !== undefined) { ev.preventDefault(); commit(); }
          return;
        }
        if (ev.key === "Escape" && input.dataset.unsaved !== undefined) {
          input.value = input.dataset.unsaved;
          delete input.dataset.unsaved;
          say(L("Niet opgeslagen: de keuze is teruggezet.", "Not saved: the choice is put back."));
          return;
        }
        if (ev.altKey || ev.ctrlKey || ev.metaKey || ["Tab", " ", "Escape", "Shift"].includes(ev.key)) return;
        keyed = true;
      });
      input.addEventListener("pointerdown", () => { keyed = false; });
      input.addEventListener("focus", () => { input.dataset.was = input.value; });
      input.addEventListener("change", () => {
        if (keyed) {
          keyed = false;
          // The value before the first key, to put back on Escape.
          if (input.dataset.unsaved === undefined) input.dataset.unsaved = input.dataset.was || "";
          say(L("Nog niet opgeslagen: Enter of Tab slaat deze keuze op, Escape zet haar terug.", "Not saved yet: Enter or Tab saves this choice, Escape puts it back."));
          return;
        }
        delete input.dataset.unsaved;
        save(false);
      });
      input.addEventListener("blur", commit);
    });
    document.querySelectorAll("li.suggestion").forEach((el) => {
      // With the mouse the page stays where it is (the suggestion keeps its
      // place on screen); with the keyboard the focus goes to the next one.
      const decide = async (accept, byMouse) => {
        try {
          const data = await post("/research/api/suggestion", {
            case_id: caseId, version, conversation_id: el.dataset.conv,
            variable: el.dataset.var, value: el.dataset.value, accept,
          });
          applyValues(data.values, data.finished);
          el.querySelectorAll(".suggestion-error").forEach((p) => p.remove());
          // An earlier refusal of this field is over once a value is in.
          if (accept) clearError(document.getElementById("f-" + el.dataset.var));
          el.dataset.state = accept ? "accepted" : "rejected";
          const stateText = el.querySelector(".state-text");
          if (stateText) {
            stateText.textContent = accept ? L("✓ geaccepteerd", "✓ accepted") : L("✗ afgewezen", "✗ rejected");
            stateText.setAttribute("data-en", accept ? L("✓ accepted", "✓ geaccepteerd") : L("✗ rejected", "✗ afgewezen"));
          }
          say(accept ? L("Suggestie geaccepteerd.", "Suggestion accepted.") : L("Suggestie afgewezen.", "Suggestion rejected."));
          if (accept && data.changes.length) {
            // "Label → value (suggestie)", as the page says it after a reload.
            const field = document.getElementById("f-" + el.dataset.var);
            const label = el.querySelector(".label");
            const what = field && field.type !== "checkbox" ? describe(field)
              : [label.textContent.trim(), (label.getAttribute("data-en") || label.textContent).trim()];
            const tag = pair(" (suggestie)", " (suggestion)");
            showUndo([what[0] + tag[0], what[1] + tag[1]]);
          }
          if (byMouse) {
            const b = el.querySelector(accept ? "button.accept" : "button.reject");
            (b && b.offsetParent !== null && getComputedStyle(b).visibility !== "hidden" ? b : el).focus({ preventScroll: true });
            return;
          }
          const list = items();
          const i = list.indexOf(el);
          if (i >= 0 && i + 1 < list.length) focusItem(i + 1);
        } catch (e) {
          // The refusal beside the suggestion it is about, focused so it is read.
          let p = el.querySelector(".suggestion-error");
          if (!p) {
            p = document.createElement("p");
            p.className = "suggestion-error error";
            p.tabIndex = -1;
            el.appendChild(p);
          }
          p.textContent = e.message;
          // A follow-up whose question does not apply yet: offer to set
          // what it follows from first (then accept it), in words.
          const parent = el.dataset.parent && document.getElementById("f-" + el.dataset.parent);
          if (accept && parent && parent.value !== el.dataset.parentValue) {
            const b = document.createElement("button");
            b.type = "button";
            b.className = "parent-first";
            b.textContent = L(el.dataset.parentNl, el.dataset.parentEn);
            b.addEventListener("click", async () => {
              try {
                const data = await post("/research/api/value", {
                  case_id: caseId, version, column: el.dataset.parent, value: el.dataset.parentValue,
                });
                applyValues(data.values, data.finished);
                showExcluded(data.values);
                if (data.changes.length) showUndo(describe(parent));
                p.remove();
                await decide(true, false);
              } catch (err) { p.textContent = err.message; p.focus(); say(err.message, true); }
            });
            p.appendChild(document.createTextNode(" "));
            p.appendChild(b);
            b.focus();
          } else p.focus();
          say(e.message, true);
        }
      };
      // A click with the mouse has a detail (the click count); Enter or Space on the button has none.
      el.querySelector("button.accept").addEventListener("click", (ev) => decide(true, ev.detail > 0));
      el.querySelector("button.reject").addEventListener("click", (ev) => decide(false, ev.detail > 0));
    });
    // Words in the language shown now and in the other one: [now, other].
    const pair = (nl, en) => [L(nl, en), L(en, nl)];
    // "Label → value" of a field as it is now, for the undo button, in both
    // languages (the language switch turns it over like the rest of the page).
    function describe(input) {
      const wrap = input.closest(".field, .item-box");
      const label = wrap && wrap.querySelector("label");
      const words = label && (label.hasAttribute("data-en") ? label : label.querySelector("[data-en]"));
      const name = label ? label.textContent.trim() : input.dataset.col;
      const nameOther = words ? words.getAttribute("data-en").trim() : name;
      let value = [input.value, input.value];
      if (input.tagName === "SELECT") {
        const o = input.options[input.selectedIndex];
        value = [o.textContent.trim(), (o.getAttribute("data-en") || o.textContent).trim()];
      }
      if (input.type === "checkbox") value = input.checked ? pair("aangevinkt", "checked") : pair("niet aangevinkt", "not checked");
      if (value[0] === "") value = pair("(leeg)", "(empty)");
      return [name + " → " + value[0], nameOther + " → " + value[1]];
    }
    // The undo line is one fixed place at the top of the form, there from page
    // load: the button goes in it (nothing above the suggestions moves).
    // `what` and `label` are [now, other] (or one string for both);
    // `count` > 1: a grouped take-over, which asks first.
    function showUndo(what, label, count) {
      const line = document.getElementById("undo-line");
      if (!line) return;
      let b = document.getElementById("undo");
      if (!b) {
        line.textContent = "";
        b = document.createElement("button");
        b.type = "button"; b.id = "undo"; b.className = "quiet";
        line.appendChild(b);
        b.addEventListener("click", askUndo);
      }
      b.disabled = false;
      if (count > 1) b.dataset.count = String(count); else delete b.dataset.count;
      if (nextAsk) { b.dataset.ask = nextAsk.nl; b.dataset.askEn = nextAsk.en; } else { delete b.dataset.ask; delete b.dataset.askEn; }
      const two = (x) => (Array.isArray(x) ? x : [x, x]);
      let words = pair("Laatste wijziging ongedaan maken", "Undo the last change");
      if (label) words = two(label);
      else if (what) {
        const w = two(what);
        const prefix = pair("Maak ongedaan: ", "Undo: ");
        words = [prefix[0] + w[0], prefix[1] + w[1]];
      }
      const span = document.createElement("span");
      span.textContent = words[0];
      span.setAttribute("data-en", words[1]);
      b.textContent = "";
      b.appendChild(span);
    }
    // A grouped undo ("8 overgenomen waarden terugzetten") asks first, in a
    // dialog naming the count; Escape or "Niet terugzetten" cancels and the
    // focus returns to the undo button.
    const undoDialog = document.getElementById("undo-dialog");
    if (undoDialog) {
      undoDialog.querySelector("#undo-cancel").addEventListener("click", () => undoDialog.close());
      undoDialog.querySelector("#undo-confirm").addEventListener("click", () => undoDialog.close("undo"));
      undoDialog.addEventListener("close", () => {
        const yes = undoDialog.returnValue === "undo";
        undoDialog.returnValue = "";
        if (yes) { undo(); return; }
        const b = document.getElementById("undo");
        if (b) b.focus();
        say(L("Niets teruggezet.", "Nothing put back."));
      });
    }
    function askUndo() {
      const b = document.getElementById("undo");
      const n = b ? Number(b.dataset.count || "0") : 0;
      // A change of the status asks too: it may be an old change under the button.
      const ask = b && b.dataset.ask;
      if (undoDialog && (n > 1 || ask)) {
        document.getElementById("undo-dialog-q").textContent = ask
          ? L(b.dataset.ask, b.dataset.askEn)
          : L(n + " overgenomen waarden terugzetten?", "Put back " + n + " adopted values?");
        document.getElementById("undo-dialog-p").hidden = !!ask && n <= 1;
        undoDialog.showModal();
        undoDialog.querySelector("#undo-cancel").focus();
        return;
      }
      undo();
    }
    // "Nog te beslechten": a link to a field puts the focus in it (not only
    // the page's scroll), so the keyboard goes on from there.
    const unsettledBox = document.getElementById("unsettled");
    if (unsettledBox) unsettledBox.addEventListener("click", (ev) => {
      const a = ev.target.closest && ev.target.closest('a[href^="#w-"]');
      if (!a) return;
      const wrap = document.getElementById(a.getAttribute("href").slice(1));
      const field = wrap && wrap.querySelector("[data-col]");
      if (!field) return;
      ev.preventDefault();
      history.replaceState(null, "", a.getAttribute("href"));
      field.scrollIntoView({ block: "center" });
      field.focus({ preventScroll: true });
    });
    // A difference settled by a value: off the list of what is still to adjudicate.
    function settleDifference(column) {
      const box = document.getElementById("unsettled");
      if (!box) return;
      const input = document.querySelector('[data-col="' + column + '"]');
      const empty = !input || (input.type === "checkbox" ? !input.checked : input.value === "");
      if (empty) return;
      const link = box.querySelector('a[href="#w-' + column + '"]');
      if (link) link.closest("li").remove();
      const todo = document.querySelector('#w-' + column + ' .todo');
      if (todo) { todo.textContent = "beslecht"; todo.className = "done"; }
      const leave = document.querySelector('button.leave-empty[data-leave="' + column + '"]');
      if (leave) leave.remove();
      if (!box.querySelector("li")) {
        box.querySelector("p").textContent = "Alle verschillen tussen de codeurs zijn beslecht.";
        box.classList.add("ok");
      }
    }
    async function undo() {
      const line = document.getElementById("undo-line");
      const button = document.getElementById("undo");
      const grouped = button && Number(button.dataset.count || "0") > 1;
      if (line) line.querySelectorAll(".undo-error").forEach((p) => p.remove());
      try {
        const data = await post("/research/api/undo", { case_id: caseId, version });
        if (!data.changes.length) {
          // Nothing (left) to undo: said where the button was.
          if (line) line.textContent = L("Er is niets meer ongedaan te maken.", "There is nothing left to undo.");
          say(L("Er is niets meer ongedaan te maken.", "There is nothing left to undo."));
          return;
        }
        if (document.getElementById("unsettled") || grouped) {
          // What is still to adjudicate or adopt is counted on the server: the page as it is now.
          reloadInPlace("undo-line", L("Ongedaan gemaakt: ", "Undone: ") + L(data.changes.length + " waarden teruggezet.", data.changes.length + " values put back."));
          return;
        }
        applyValues(data.values, data.finished);
        showExcluded(data.values);
        // An accepted suggestion whose value the undo took back is open again.
        document.querySelectorAll('li.suggestion[data-state="accepted"]').forEach((li) => {
          const f = document.getElementById("f-" + li.dataset.var);
          if (f && f.type !== "checkbox" && f.value !== li.dataset.value) {
            li.dataset.state = "";
            const st = li.querySelector(".state-text");
            if (st) { st.textContent = ""; st.setAttribute("data-en", ""); }
          }
        });
        const cols = data.changes.map((c) => {
          const el = document.querySelector('label[for="f-' + c.column + '"], [data-col="' + c.column + '"]');
          return el ? (el.closest("label") || el).textContent.trim() : c.column;
        });
        say(L("Ongedaan gemaakt: ", "Undone: ") + cols.join(", ") + ".");
        const b = document.getElementById("undo");
        if (b) showUndo(null, null);
      } catch (e) {
        // Refused (someone else changed the case since this page was
        // loaded, say): the reason beside the button, with the way on.
        if (line) {
          const p = document.createElement("p");
          p.className = "undo-error error";
          p.setAttribute("role", "alert");
          p.textContent = e.message + " ";
          const again = document.createElement("a");
          again.href = location.pathname + location.search;
          again.textContent = L("Laad de casus opnieuw", "Reload the case");
          p.appendChild(again);
          line.appendChild(p);
        }
        say(e.message, true);
      }
    }
    const undoButton = document.getElementById("undo");
    if (undoButton) undoButton.addEventListener("click", askUndo);
    const discuss = document.getElementById("discuss");
    if (discuss) discuss.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const text = document.getElementById("discuss-text");
      const decideIt = discuss.dataset.kind === "decide";
      const url = decideIt ? "/research/api/decide" : "/research/api/discuss";
      try {
        await post(url, { case_id: caseId, text: text.value });
        reloadInPlace("discussion", decideIt ? L("Besluit vastgelegd.", "Decision recorded.") : L("Naar het overleg gebracht.", "Brought to the discussion."));
      } catch (e) { fieldError(text, e.message); }
    });
    // The final coding marked "klaar" (an included case is finished only then), or taken back.
    const finalDone = document.getElementById("final-done");
    // Marking the final coding "klaar" asks first when agreed values are not
    // adopted yet, or (almost) nothing is filled in; Escape or "Verder
    // coderen" goes back to the form.
    const finalDialog = document.getElementById("final-done-dialog");
    if (finalDone && finalDialog) {
      finalDialog.querySelector("#final-done-cancel").addEventListener("click", () => finalDialog.close());
      finalDialog.querySelector("#final-done-anyway").addEventListener("click", () => finalDialog.close("done"));
      finalDialog.addEventListener("close", () => {
        const yes = finalDialog.returnValue === "done";
        finalDialog.returnValue = "";
        if (yes) markFinal(true); else finalDone.focus();
      });
    }
    if (finalDone) finalDone.addEventListener("click", () => {
      const done = finalDone.dataset.done !== "1";
      if (done && finalDialog) {
        const adoptable = Number(finalDone.dataset.adoptable || "0");
        const f = emptyFields();
        // No status: that is what keeps the case from counting, not the empty fields.
        const statusField = coding && document.querySelector('#form [data-col="' + coding.dataset.statusCol + '"]');
        let q = "";
        if (adoptable > 0 && document.getElementById("adopt")) {
          q = adoptable === 1
            ? L("1 waarde waarover beide codeurs het eens zijn, is nog niet overgenomen — toch klaar?", "1 value both coders agree on is not adopted yet — done anyway?")
            : L(adoptable + " waarden waarover beide codeurs het eens zijn, zijn nog niet overgenomen — toch klaar?", adoptable + " values both coders agree on are not adopted yet — done anyway?");
        } else if (statusField && statusField.value === "") {
          q = L("Nog geen status (geïncludeerd of geëxcludeerd): zonder status is de casus niet klaar en telt nergens mee. Toch als klaar markeren?",
            "No status yet (included or excluded): without a status the case is not finished and counts nowhere. Mark as done anyway?");
        } else if (openFollowUps().length) {
          q = followUpQuestion(openFollowUps());
        } else if (f.total > 0 && (f.total - f.empty) * 4 < f.total) {
          q = f.empty === 1
            ? L("Nog 1 veld leeg — toch klaar?", "1 field still empty — done anyway?")
            : L("Nog " + f.empty + " velden leeg — toch klaar?", f.empty + " fields still empty — done anyway?");
        }
        if (q) {
          document.getElementById("final-done-q").textContent = q;
          finalDialog.showModal();
          finalDialog.querySelector("#final-done-cancel").focus();
          return;
        }
      }
      markFinal(done);
    });
    async function markFinal(done) {
      try {
        const d = await post("/research/api/final-done", { case_id: caseId, done });
        showFinalDone(finalDone, done);
        showFinished(d.finished);
        // Marked but not finished: said once, as the line beside it says it.
        say(done ? (d.finished["class"] === "ok" ? L("Gemarkeerd als klaar. ", "Marked as done. ") : "") + L(d.finished.nl, d.finished.en)
                 : L("Markering ingetrokken: de casus is niet meer klaar.", "Mark taken back: the case is no longer finished."));
      } catch (e) { say(e.message, true); }
    }
    // A blind coder's "hoort hier niet": to the discussion, for everyone to see.
    const offTopic = document.getElementById("off-topic-form");
    if (offTopic) offTopic.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const note = document.getElementById("off-topic-note");
      try {
        await post("/research/api/discuss", { case_id: caseId, text: note.value, off_topic: true });
        reloadInPlace("discussion", L("Gemeld: de casus wacht op overleg.", "Flagged: the case waits for the discussion."));
      } catch (e) { fieldError(note, e.message); }
    });
    const done = document.getElementById("done");
    // "Klaar" with (almost) nothing filled in asks first, in a dialog;
    // Escape or "Verder coderen" goes back to the form.
    const doneDialog = document.getElementById("done-dialog");
    function emptyFields() {
      const shown = Array.from(document.querySelectorAll("#form [data-col]"))
        .filter((el) => el.type !== "checkbox" && el.offsetParent !== null);
      const empty = shown.filter((el) => el.value === "").length;
      return { empty, total: shown.length };
    }
    if (done && doneDialog) {
      doneDialog.querySelector("#done-cancel").addEventListener("click", () => doneDialog.close());
      doneDialog.addEventListener("close", () => {
        if (doneDialog.returnValue === "done") markDone();
        else done.focus();
        doneDialog.returnValue = "";
      });
      doneDialog.querySelector("#done-anyway").addEventListener("click", () => doneDialog.close("done"));
    }
    // The follow-up questions shown and still empty (asked because of an
    // answer: the family relation when the perpetrator is family, say), by
    // their labels; one left unknown on purpose in adjudication is answered.
    function openFollowUps() {
      return Array.from(document.querySelectorAll("#form [data-follow-up]"))
        .filter((w) => w.offsetParent !== null && !w.querySelector(".done"))
        .filter((w) => { const f = w.querySelector("[data-col]"); return f && f.value === ""; })
        .map((w) => { const l = w.querySelector("label"); return l ? l.textContent.trim() : ""; });
    }
    function followUpQuestion(open) {
      return open.length === 1
        ? L("Vervolgvraag nog open: " + open[0] + ". Vul die in, of kies „Onbekend” als de chat het niet zegt — toch klaar?",
          "Follow-up question still open: " + open[0] + ". Fill it in, or choose “Unknown” when the chat does not say — done anyway?")
        : L("Vervolgvragen nog open: " + open.join(", ") + ". Vul ze in, of kies „Onbekend” als de chat het niet zegt — toch klaar?",
          "Follow-up questions still open: " + open.join(", ") + ". Fill them in, or choose “Unknown” when the chat does not say — done anyway?");
    }
    if (done) done.addEventListener("click", () => {
      const f = emptyFields();
      const open = openFollowUps();
      if (doneDialog && open.length) {
        document.getElementById("done-dialog-q").textContent = followUpQuestion(open);
        doneDialog.showModal();
        doneDialog.querySelector("#done-cancel").focus();
        return;
      }
      // Almost nothing filled in: fewer than a quarter of the fields shown.
      if (doneDialog && f.total > 0 && (f.total - f.empty) * 4 < f.total) {
        document.getElementById("done-dialog-q").textContent = f.empty === 1
          ? L("Nog 1 veld leeg — toch klaar?", "1 field still empty — done anyway?")
          : L("Nog " + f.empty + " velden leeg — toch klaar?", f.empty + " fields still empty — done anyway?");
        doneDialog.showModal();
        doneDialog.querySelector("#done-cancel").focus();
        return;
      }
      markDone();
    });
    async function markDone() {
      const box = document.getElementById("done-state");
      try {
        const d = await post("/research/api/done", { case_id: caseId, done: true });
        const text = d.both
          ? L("Gemarkeerd als klaar. Jullie zijn allebei klaar: wie de definitieve codering doet, neemt over waarover jullie het eens zijn; de verschillen staan bij Overeenstemming.",
              "Marked as done. You are both done: whoever does the final coding adopts what you agree on; the differences are under Agreement.")
          : L("Gemarkeerd als klaar. De andere versie en de overeenstemming zie je zodra ook de andere codeur klaar is.",
              "Marked as done. You see the other version and the agreement once the other coder is done too.");
        box.textContent = text + " ";
        if (d.next) {
          const a = document.createElement("a");
          a.id = "next-case";
          a.href = "/research/case/" + encodeURIComponent(d.next) + "?v=" + encodeURIComponent(d.coder);
          a.textContent = L("Volgende casus om te coderen: ", "Next case to code: ") + d.next + L(" (nog ", " (") + d.left + L(")", " left)");
          box.appendChild(a);
        } else {
          box.appendChild(document.createTextNode(L("Je hebt alle toegewezen casussen klaar.", "You have finished all cases assigned to you.")));
        }
        box.className = "ok";
        // The way back, right away (not only after a reload).
        const back = document.createElement("p");
        const reopenNow = document.createElement("button");
        reopenNow.type = "button"; reopenNow.id = "reopen-coding"; reopenNow.className = "quiet";
        reopenNow.textContent = L("Toch nog niet klaar (codering heropenen)", "Not done after all (reopen the coding)");
        reopenNow.addEventListener("click", async () => {
          try { await post("/research/api/done", { case_id: caseId, done: false }); location.reload(); }
          catch (e) { say(e.message, true); }
        });
        back.appendChild(reopenNow);
        done.closest("p").replaceWith(back);
        // Done is done: the coding is locked until reopened.
        document.querySelectorAll("#form [data-col], li.suggestion button").forEach((el) => { el.disabled = true; });
        coding.classList.add("locked");
        const undoLine = document.getElementById("undo-line");
        if (undoLine && document.getElementById("undo")) {
          // Locked: no undo button, and why (in the same place).
          const p = document.createElement("p");
          p.id = "undo-locked";
          p.className = "muted";
          undoLine.textContent = "";
          undoLine.appendChild(p);
          p.textContent = L("Ongedaan maken kan nu niet: je hebt deze casus als klaar gemeld en je codering ligt vast. Wil je nog iets veranderen, heropen dan eerst je codering („Toch nog niet klaar”).", "Undo is not possible now: you marked this case as done and your coding is locked. To change something, reopen your coding first (“Not done after all”).");
        }
        box.focus();
        say(text);
      } catch (e) { box.textContent = e.message; box.className = "error"; box.focus(); say(e.message, true); }
    }
    // Evidence: the quoted words jump to their sentence, marked.
    document.querySelectorAll("a.evidence").forEach((a) => {
      a.addEventListener("click", (ev) => {
        const li = document.getElementById(a.getAttribute("href").slice(1));
        if (!li) return;
        ev.preventDefault();
        document.querySelectorAll("mark.current, li.current-message").forEach((m) => m.classList.remove("current", "current-message"));
        const mark = li.querySelector('mark[data-s~="' + a.dataset.s + '"]') || li.querySelector("mark");
        li.classList.add("current-message");
        if (mark) mark.classList.add("current");
        (mark || li).scrollIntoView({ block: "center" });
        li.tabIndex = -1;
        li.focus({ preventScroll: true });
      });
    });
    // Adjudication: a difference settled as "unknown".
    document.querySelectorAll("button.leave-empty").forEach((b) => {
      b.addEventListener("click", async () => {
        try {
          const data = await post("/research/api/leave-empty", { case_id: caseId, column: b.dataset.leave });
          applyValues(data.values, data.finished);
          const label = b.closest(".field, .item-box").querySelector("label");
          say(L("Leeg gelaten (onbekend): ", "Left empty (unknown): ") + (label ? label.textContent.trim() : b.dataset.leave) + ".");
          const todo = b.previousElementSibling;
          if (todo && todo.classList.contains("todo")) { todo.textContent = "beslecht: onbekend"; todo.className = "done"; }
          b.remove();
          const name = label ? label.textContent.trim() : b.dataset.leave;
          const nameOther = label && label.hasAttribute("data-en") ? label.getAttribute("data-en").trim() : name;
          const left = pair(" → leeg gelaten", " → left empty");
          showUndo([name + left[0], nameOther + left[1]]);
          const box = document.getElementById("unsettled");
          const link = box && box.querySelector('a[href="#w-' + b.dataset.leave + '"]');
          if (link) link.closest("li").remove();
          if (box && !box.querySelector("li")) {
            box.querySelector("p").textContent = "Alle verschillen tussen de codeurs zijn beslecht.";
            box.classList.add("ok");
          }
        } catch (e) { say(e.message, true); }
      });
    });
    // Adjudication: a value the final coding had before the double coding, kept on purpose.
    document.querySelectorAll("button.keep-final").forEach((b) => {
      b.addEventListener("click", async () => {
        try {
          await post("/research/api/keep", { case_id: caseId, column: b.dataset.confirm });
          reloadInPlace("w-" + b.dataset.confirm, L("Beslecht: de waarde blijft zo.", "Adjudicated: the value stays."));
        } catch (e) { say(e.message, true); }
      });
    });
    const reopenCoding = document.getElementById("reopen-coding");
    if (reopenCoding) reopenCoding.addEventListener("click", async () => {
      try { await post("/research/api/done", { case_id: caseId, done: false }); location.reload(); }
      catch (e) { say(e.message, true); }
    });
    const reopen = document.getElementById("reopen");
    if (reopen) reopen.addEventListener("click", async () => {
      try { await post("/research/api/reopen", { case_id: caseId }); location.reload(); }
      catch (e) { say(e.message, true); }
    });
    const adopt = document.getElementById("adopt");
    if (adopt) adopt.addEventListener("click", async () => {
      try {
        const d = await post("/research/api/adopt", { case_id: caseId });
        applyValues(d.values);
        const n = d.adopted;
        const text = n === 1 ? L("1 waarde overgenomen.", "1 value adopted.") : n + L(" waarden overgenomen.", " values adopted.");
        adopt.closest("p").remove();
        if (finalDone) finalDone.dataset.adoptable = "0";
        if (n > 1) showUndo(null, pair(n + " overgenomen waarden terugzetten", "Put back " + n + " adopted values"), n);
        else if (n === 1) showUndo(null, pair("Maak ongedaan: 1 overgenomen waarde", "Undo: 1 adopted value"));
        say(text);
        const b = document.getElementById("undo");
        if (b) b.focus();
      }
      catch (e) { say(e.message, true); }
    });
    // Excluded: only the status and the reason for exclusion are in the form.
    function showExcluded(values) {
      const excluded = values[coding.dataset.statusCol] === coding.dataset.excluded;
      coding.classList.toggle("excluded", excluded);
      const note = document.getElementById("excluded-note");
      if (note) note.hidden = !excluded;
    }
    const unexclude = document.getElementById("unexclude");
    if (unexclude) unexclude.addEventListener("click", async () => {
      try {
        const data = await post("/research/api/value", { case_id: caseId, version, column: coding.dataset.statusCol, value: null });
        applyValues(data.values, data.finished);
        showExcluded(data.values);
        say(L("Exclusie teruggedraaid: de status is weer open.", "Exclusion undone: the status is open again."));
        showUndo(null, pair("Maak ongedaan: exclusie terugdraaien", "Undo: undoing the exclusion"));
        const st = document.getElementById("f-" + coding.dataset.statusCol);
        if (st) st.focus();
      } catch (e) { say(e.message, true); }
    });
  }

  // An export started: the download goes on by itself; the confirmation
  // ("Definitieve export … gemaakt op … door …") comes from the year's log,
  // read again until it names this export.
  const made = document.getElementById("export-made");
  document.querySelectorAll("#export, #export-sav, #export-provisional, #export-provisional-sav").forEach((a) => {
    a.addEventListener("click", () => {
      const before = made ? made.innerHTML : "";
      let tries = 0;
      const look = async () => {
        tries += 1;
        try {
          const res = await fetch(location.pathname, { credentials: "same-origin" });
          const doc = new DOMParser().parseFromString(await res.text(), "text/html");
          const now = doc.getElementById("export-made");
          if (made && now && now.innerHTML !== before) {
            made.innerHTML = now.innerHTML;
            if (document.documentElement.lang === "en") {
              made.querySelectorAll("[data-en]").forEach((el) => {
                const nl = el.textContent;
                el.textContent = el.getAttribute("data-en");
                el.setAttribute("data-en", nl);
              });
            }
            return;
          }
        } catch (e) { /* tried again below */ }
        if (tries < 20) setTimeout(look, 500);
      };
      setTimeout(look, 300);
    });
  });

  // Double-coding assignment.
  const assign = document.getElementById("assign");
  if (assign) {
    assign.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const f = new FormData(assign);
      try {
        const d = await post("/research/api/assign", {
          year: Number(assign.dataset.year), share: Number(f.get("share")),
          coder_a: String(f.get("coder_a")), coder_b: String(f.get("coder_b")),
          add: f.get("add") === "1",
        });
        say(d.assigned === 1 ? L("1 casus toegewezen.", "1 case assigned.") : d.assigned + L(" casussen toegewezen.", " cases assigned."));
        // The share stays as typed; the page says what was assigned.
        location.assign(location.pathname + "?share=" + encodeURIComponent(f.get("share")) +
          "&assigned=" + d.assigned + "#assign-h");
      } catch (e) {
        assign.querySelectorAll("[data-field]").forEach(clearError);
        fieldError((e.field && assign.querySelector('[data-field="' + e.field + '"]')) ||
          assign.querySelector('[data-field="share"]'), e.message);
      }
    });
  }

  // Import: a conversations.jsonl as the request body, or a copy from the chat's own store.
  const importResult = document.getElementById("import-result");
  function showImport(ok, data) {
    if (!importResult) return;
    importResult.hidden = false;
    const summary = document.getElementById("import-summary");
    const problems = document.getElementById("import-problems");
    problems.textContent = "";
    const before = document.getElementById("import-years");
    if (before) before.remove();
    if (ok) {
      summary.textContent = L(data.read + " gesprekken gelezen, " + data.added + " nieuw, " +
        data.unchanged + " al aanwezig.", data.read + " conversations read, " + data.added + " new, " +
        data.unchanged + " already there.");
      summary.className = "ok";
      // On to each year the file brought (eighth walk, small point 1).
      const years = document.createElement("p");
      years.id = "import-years";
      Object.entries(data.selected || {}).forEach(([year, n]) => {
        const a = document.createElement("a");
        a.href = "/research/year/" + encodeURIComponent(year);
        a.textContent = L("Verder met " + year + " (" + n + " geselecteerde gesprekken)", "On to " + year + " (" + n + " selected conversations)");
        years.append(a, " ");
      });
      if (years.childNodes.length) summary.after(years);
    } else {
      summary.textContent = data.message || L("Niet geïmporteerd, er is niets veranderd.", "Not imported, nothing changed.");
      summary.className = "error";
      summary.tabIndex = -1;
      (data.problems || []).forEach((p) => {
        const li = document.createElement("li");
        li.textContent = p;
        problems.appendChild(li);
      });
    }
    say(summary.textContent, !ok);
    if (!ok) summary.focus();
  }
  async function sendImport(url, body, type) {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": type, "x-csrf-token": csrf },
      body,
      credentials: "same-origin",
    });
    let data = {};
    try { data = await res.json(); } catch (e) { data = { message: "Fout " + res.status }; }
    showImport(res.ok, data);
  }
  const importFile = document.getElementById("import-file");
  if (importFile) {
    importFile.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const input = document.getElementById("import-input");
      const file = input.files && input.files[0];
      if (!file) return;
      if (file.size > Number(importFile.dataset.limit)) {
        showImport(false, { message: L("Het bestand is te groot; er is niets veranderd.", "The file is too large; nothing changed.") });
        return;
      }
      try {
        await sendImport("/research/api/import?name=" + encodeURIComponent(file.name), file, "application/x-ndjson");
      } catch (e) { showImport(false, { message: e.message }); }
    });
  }
  const importStore = document.getElementById("import-store");
  if (importStore) {
    importStore.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const year = Number(new FormData(importStore).get("year"));
      try {
        await sendImport("/research/api/import-store", JSON.stringify({ year }), "application/json");
      } catch (e) { showImport(false, { message: e.message }); }
    });
  }
})();
