/*
 * "Exit this page" for the VAWG dashboard, after the GOV.UK Design System
 * component of the same name (govuk-frontend, MIT). Written for this project,
 * not copied: same wording, same behaviour, adapted to a Streamlit page.
 *
 * Runs in the Streamlit page's own document (st.html with
 * unsafe_allow_javascript=True, no iframe). `VAWG_ETP_CONFIG` is defined just
 * before this file by dashboard/components/quick_exit.py.
 *
 * What it does, once per document however often Streamlit re-runs or changes
 * page:
 *   - puts a real <button> ("Emergency" visually hidden + "Exit this page") in a
 *     container that is the FIRST child of <body>, outside Streamlit's React
 *     root, so React never re-renders or removes it, it survives page changes,
 *     and it is the first stop in the tab order;
 *   - a visually hidden role="status" span announces the Shift count, as GOV.UK;
 *   - pressing Shift 3 times (each within 5 s, Shift on its own) exits too;
 *     Escape exits only if the page asked for it (see quick_exit.py);
 *   - exiting blanks the page at once (white overlay, role="alert", "Loading."),
 *     then window.top.location.replace(url): the dashboard's history entry is
 *     replaced, so Back does not return to it;
 *   - optionally turns Streamlit's in-app page changes (history.pushState)
 *     into history.replaceState, so the dashboard is only ever ONE entry in
 *     the browser history and the replace above removes all of it.
 * No network requests of its own; no storage; no analytics.
 */
(function () {
  "use strict";
  var cfg = VAWG_ETP_CONFIG;
  var doc = document;
  var ROOT_ID = "vawg-etp";
  var STYLE_ID = "vawg-etp-style";

  var state = window.__vawgExitThisPage;
  if (!state) {
    state = window.__vawgExitThisPage = {
      cfg: cfg,
      keypressCounter: 0,
      lastKeyWasModified: false,
      keypressTimeoutId: null,
      timeoutMessageId: null,
      exiting: false,
      historyPatched: false
    };
  } else {
    // A later call (another page, another run) may change the settings.
    state.cfg = cfg;
  }

  // ---- styles: one style element in the head, outliving Streamlit re-renders
  var style = doc.getElementById(STYLE_ID);
  if (!style) {
    style = doc.createElement("style");
    style.id = STYLE_ID;
    doc.head.appendChild(style);
  }
  if (style.textContent !== cfg.css) {
    style.textContent = cfg.css;
  }
  doc.documentElement.classList.toggle("vawg-etp-hide-chrome", !!cfg.hideChrome);
  doc.documentElement.classList.add("vawg-etp-active");

  // ---- the button ----------------------------------------------------------
  function el(tag, attrs, text) {
    var node = doc.createElement(tag);
    for (var k in attrs) {
      if (Object.prototype.hasOwnProperty.call(attrs, k)) {
        node.setAttribute(k, attrs[k]);
      }
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  var root = doc.getElementById(ROOT_ID);
  if (!root) {
    // A labelled region, so the control is also in the landmarks list.
    root = el("div", { id: ROOT_ID, class: "vawg-etp", role: "region", "aria-label": cfg.i18n.regionLabel });

    var button = el("button", {
      type: "button",
      class: "vawg-etp__button",
      "aria-describedby": "vawg-etp-hint",
      "data-testid": "vawgExitThisPage"
    });
    button.appendChild(el("span", { class: "vawg-etp-visually-hidden" }, cfg.i18n.hiddenPrefix));
    button.appendChild(doc.createTextNode(" " + cfg.i18n.buttonText));
    // The three "lights" that count Shift presses (decoration only).
    var indicator = el("span", { class: "vawg-etp__indicator", "aria-hidden": "true" });
    for (var i = 0; i < 3; i++) {
      indicator.appendChild(el("span", { class: "vawg-etp__indicator-light" }));
    }
    button.appendChild(indicator);

    var hint = el("span", { id: "vawg-etp-hint", class: "vawg-etp__hint" }, cfg.i18n.hint);
    var status = el("span", { role: "status", class: "vawg-etp-visually-hidden vawg-etp__status" });

    root.appendChild(button);
    root.appendChild(hint);
    root.appendChild(status);
    doc.body.insertBefore(root, doc.body.firstChild);

    button.addEventListener("click", function (event) {
      event.preventDefault();
      exitPage();
    });
  }
  // Keep wording in step with the latest call.
  var hintNode = doc.getElementById("vawg-etp-hint");
  if (hintNode && hintNode.textContent !== cfg.i18n.hint) {
    hintNode.textContent = cfg.i18n.hint;
  }

  function rootNode() {
    return doc.getElementById(ROOT_ID) || root;
  }

  function statusSpan() {
    return rootNode().querySelector(".vawg-etp__status");
  }

  function updateIndicator() {
    var container = rootNode().querySelector(".vawg-etp__indicator");
    if (!container) {
      return;
    }
    container.classList.toggle("vawg-etp__indicator--visible", state.keypressCounter > 0);
    var lights = container.querySelectorAll(".vawg-etp__indicator-light");
    for (var j = 0; j < lights.length; j++) {
      lights[j].classList.toggle("vawg-etp__indicator-light--on", j < state.keypressCounter);
    }
  }

  // ---- leaving -----------------------------------------------------------------
  function exitPage() {
    if (state.exiting) {
      return;
    }
    state.exiting = true;
    var url = state.cfg.redirectUrl;
    var span = statusSpan();
    if (span) {
      span.textContent = "";
    }
    // Blank the page now: hide everything (also from screen readers and the tab
    // order) and cover it with a white overlay that says "Loading.".
    doc.documentElement.classList.add("vawg-etp-exiting");
    var overlay = el("div", { class: "vawg-etp-overlay", role: "alert" });
    doc.body.appendChild(overlay);
    // Text set after insertion so screen readers announce it reliably (GOV.UK).
    overlay.textContent = state.cfg.i18n.activated;
    try {
      doc.title = state.cfg.i18n.activated;
    } catch (e) {
      /* ignore */
    }
    // Replace, not assign: the dashboard's entry is dropped from the history.
    // The top window, in case the app is ever embedded in a frame.
    try {
      window.top.location.replace(url);
    } catch (e) {
      window.location.replace(url);
    }
  }

  // Expose for tests and for the lead's own buttons if ever needed.
  window.vawgExitThisPage = exitPage;

  function resetKeypressTimer() {
    if (state.keypressTimeoutId) {
      window.clearTimeout(state.keypressTimeoutId);
      state.keypressTimeoutId = null;
    }
    state.keypressCounter = 0;
    var span = statusSpan();
    if (span) {
      span.textContent = state.cfg.i18n.timedOut;
      state.timeoutMessageId = window.setTimeout(function () {
        span.textContent = "";
      }, state.cfg.timeoutMs);
    }
    updateIndicator();
  }

  function setKeypressTimer() {
    if (state.keypressTimeoutId) {
      window.clearTimeout(state.keypressTimeoutId);
    }
    state.keypressTimeoutId = window.setTimeout(resetKeypressTimer, state.cfg.timeoutMs);
  }

  // Shift pressed on its own 3 times, as govuk-frontend: a Shift used as a
  // modifier (Shift+A) fires a keyup for A with shiftKey=true first, so the
  // following Shift keyup is ignored.
  function handleKeyup(event) {
    if (state.exiting) {
      return;
    }
    var span = statusSpan();
    if (event.key === "Shift" && !state.lastKeyWasModified) {
      state.keypressCounter += 1;
      updateIndicator();
      if (state.timeoutMessageId) {
        window.clearTimeout(state.timeoutMessageId);
        state.timeoutMessageId = null;
      }
      if (state.keypressCounter >= 3) {
        state.keypressCounter = 0;
        if (state.keypressTimeoutId) {
          window.clearTimeout(state.keypressTimeoutId);
          state.keypressTimeoutId = null;
        }
        exitPage();
        return;
      }
      if (span) {
        span.textContent =
          state.keypressCounter === 1 ? state.cfg.i18n.pressTwoMoreTimes : state.cfg.i18n.pressOneMoreTime;
      }
      setKeypressTimer();
    } else if (state.keypressTimeoutId) {
      resetKeypressTimer();
    }
    state.lastKeyWasModified = event.shiftKey;
  }

  // Escape, only when asked for, and only when Escape is not doing something
  // else: checked in the capture phase, before Streamlit's widgets close their
  // menus, so an open list, menu, dialog or a focused text field wins.
  var BUSY =
    '[role="dialog"],[role="alertdialog"],[role="listbox"],[role="menu"],' +
    '[data-baseweb="popover"],[data-baseweb="modal"],[data-testid="stFullScreenFrame"] [aria-modal="true"]';
  function escapeIsBusy(event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) {
      return true;
    }
    var target = event.target;
    if (target && target.closest) {
      if (target.closest('input,textarea,select,[contenteditable=""],[contenteditable="true"],[role="combobox"],[role="textbox"]')) {
        return true;
      }
    }
    return !!doc.querySelector(BUSY);
  }
  function handleKeydown(event) {
    if (state.exiting || !state.cfg.escapeKey) {
      return;
    }
    if ((event.key === "Escape" || event.key === "Esc") && !event.repeat && !escapeIsBusy(event)) {
      exitPage();
    }
  }

  // Coming back through the back-forward cache must not leave a blank page.
  function resetPage() {
    state.exiting = false;
    doc.documentElement.classList.remove("vawg-etp-exiting");
    var overlays = doc.querySelectorAll(".vawg-etp-overlay");
    for (var k = 0; k < overlays.length; k++) {
      overlays[k].remove();
    }
    state.keypressCounter = 0;
    var span = statusSpan();
    if (span) {
      span.textContent = "";
    }
    updateIndicator();
  }

  if (!state.listening) {
    state.listening = true;
    doc.addEventListener("keyup", handleKeyup, true);
    window.addEventListener("keydown", handleKeydown, true);
    window.addEventListener("pageshow", resetPage);
  }

  // ---- one history entry for the whole dashboard ------------------------------
  // Streamlit 1.67 calls history.pushState when the visitor changes page
  // (st.navigation); with this, every page of the dashboard shares one entry.
  // The patch stays in place but obeys the latest call's setting.
  if (cfg.collapseHistory && !state.historyPatched) {
    state.historyPatched = true;
    var push = window.history.pushState;
    var replace = window.history.replaceState;
    window.history.pushState = function (data, unused, url) {
      var fn = state.cfg.collapseHistory ? replace : push;
      return fn.call(window.history, data, unused, url);
    };
    // Plain links to other pages of this site (Markdown links such as
    // "[About the data](/about)"): Streamlit gives every Markdown link
    // target="_blank", so they open the dashboard again in a NEW TAB, which an
    // exit from this tab would leave behind (and, without the target, a new
    // document would add a history entry). Follow them in this tab with
    // location.replace instead. Streamlit's own links (navigation,
    // st.page_link, the skip link) cancel the default action first and are
    // left alone; so are clicks with a modifier key or another button (the
    // visitor asked for a new tab), downloads, links to other sites and links
    // within the page.
    doc.addEventListener("click", function (event) {
      if (!state.cfg.collapseHistory || event.defaultPrevented || event.button !== 0) {
        return;
      }
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
        return;
      }
      var link = event.target && event.target.closest ? event.target.closest("a[href]") : null;
      if (!link || link.hasAttribute("download")) {
        return;
      }
      var url;
      try {
        url = new URL(link.href, window.location.href);
      } catch (e) {
        return;
      }
      if (url.origin !== window.location.origin) {
        return;
      }
      if (url.pathname === window.location.pathname && url.search === window.location.search && url.hash) {
        return;
      }
      event.preventDefault();
      window.location.replace(url.href);
    });
  }
})();
