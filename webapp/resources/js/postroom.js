// Postroom's page behaviour. No inline scripts anywhere (the CSP forbids them): pages mark
// elements with data- attributes and this file wires them up. Everything works without it; this
// adds keyboard shortcuts, row clicks, local times and the mark-read request.
(function () {
  "use strict";

  function visible(el) {
    return el && el.offsetParent !== null;
  }

  /** A text the page put in #js-texts for the scripts, in the page's language. */
  function text(name, fallback) {
    var t = document.getElementById("js-texts");
    var v = t ? t.getAttribute("data-" + name) : null;
    return v || fallback;
  }

  function paneOn() {
    var pane = document.getElementById("pane");
    return pane && visible(pane);
  }

  /** Opens a row: in the reading pane when it is shown, else as its own page. */
  function openRow(row, inPage) {
    var href = row.getAttribute("data-href");
    if (!inPage && paneOn()) {
      document.getElementById("pane").src = href + (href.indexOf("?") < 0 ? "?" : "&") + "pane=1";
      var r = rows();
      for (var i = 0; i < r.length; i++) {
        if (r[i] === row) {
          select(i);
        }
      }
      row.classList.remove("unread");
      row.classList.add("read");
      return;
    }
    window.location.href = href;
  }

  function keyTarget(key) {
    if (key.length !== 1 || key === '"' || key === "\\") {
      return null;
    }
    var all = document.querySelectorAll('[data-key="' + key + '"]');
    for (var i = 0; i < all.length; i++) {
      if (visible(all[i])) {
        return all[i];
      }
    }
    return null;
  }

  document.addEventListener("click", function (e) {
    var el = e.target.closest ? e.target.closest("[data-confirm]") : null;
    if (el && !window.confirm(el.getAttribute("data-confirm"))) {
      e.preventDefault();
      return;
    }
    var all = e.target.closest ? e.target.closest("[data-select-all]") : null;
    if (all) {
      var boxes = document.querySelectorAll('input[type=checkbox][name="' + all.getAttribute("data-select-all") + '"]');
      for (var i = 0; i < boxes.length; i++) {
        boxes[i].checked = all.checked;
      }
      checkedRows();
      wholeFolder(false);
      return;
    }
    var box = e.target.matches && e.target.matches('tr[data-href] input[name="id"]') ? e.target : null;
    if (box) {
      var list = Array.prototype.slice.call(document.querySelectorAll('tr[data-href] input[name="id"]'));
      var at = list.indexOf(box);
      if (e.shiftKey && lastBox >= 0 && lastBox < list.length) {
        var from = Math.min(lastBox, at), to = Math.max(lastBox, at);
        for (var j = from; j <= to; j++) {
          list[j].checked = box.checked;
        }
      }
      lastBox = at;
      checkedRows();
      return;
    }
    var folderButton = e.target.closest ? e.target.closest("[data-select-folder]") : null;
    if (folderButton) {
      wholeFolder(true);
      return;
    }
    var drawer = e.target.closest ? e.target.closest("[data-drawer], [data-drawer-close]") : null;
    if (drawer) {
      toggleDrawer(drawer.hasAttribute("data-drawer") ? !document.body.classList.contains("drawer-open") : false);
      return;
    }
    if (e.target.closest && e.target.closest("[data-print]")) {
      window.print();
      return;
    }
    if (e.target.closest && e.target.closest("[data-close-help]")) {
      toggleHelp(false);
      return;
    }
    var row = e.target.closest ? e.target.closest("tr[data-href]") : null;
    if (row && !e.target.closest("input, label, button, select")) {
      if (e.target.closest("a") && (e.ctrlKey || e.metaKey || e.shiftKey || !paneOn())) {
        return; // a link opened its own way (new tab, or the page)
      }
      e.preventDefault();
      openRow(row, false);
    }
  });

  var lastBox = -1;

  function toggleDrawer(open) {
    document.body.classList.toggle("drawer-open", open);
    var t = document.getElementById("drawer-toggle");
    if (t) {
      t.setAttribute("aria-expanded", open ? "true" : "false");
    }
    var b = document.querySelector(".drawer-backdrop");
    if (b) {
      b.hidden = !open;
    }
  }

  /** Rows whose box is ticked are marked; a full page offers "select all in this folder". */
  function checkedRows() {
    var boxes = document.querySelectorAll('tr[data-href] input[name="id"]');
    var n = 0;
    for (var i = 0; i < boxes.length; i++) {
      var r = boxes[i].closest("tr");
      r.classList.toggle("checked", boxes[i].checked);
      if (boxes[i].checked) {
        n++;
      }
    }
    var banner = document.getElementById("select-all-banner");
    if (banner) {
      var every = boxes.length > 0 && n === boxes.length;
      banner.hidden = !every;
      if (!every) {
        wholeFolder(false);
      }
    }
  }

  function wholeFolder(on) {
    var banner = document.getElementById("select-all-banner");
    var field = document.getElementById("select-all-folder");
    if (!banner || !field) {
      return;
    }
    var button = banner.querySelector("[data-select-folder]");
    field.value = on ? "true" : "false";
    banner.querySelector(".select-all-text").textContent =
        on ? button.getAttribute("data-chosen") : banner.getAttribute("data-page-count");
    button.hidden = on;
  }

  // ---- the message list: a current row moved by j/k
  var current = -1;

  function rows() {
    return document.querySelectorAll("table[data-list] tr[data-href]");
  }

  function select(index) {
    var r = rows();
    if (r.length === 0) {
      return;
    }
    index = Math.max(0, Math.min(r.length - 1, index));
    if (current >= 0 && r[current]) {
      r[current].classList.remove("current");
    }
    current = index;
    r[current].classList.add("current");
    r[current].scrollIntoView({ block: "nearest" });
  }

  function currentRow() {
    var r = rows();
    return current >= 0 && r[current] ? r[current] : null;
  }

  /** Actions on the list apply to the ticked rows, or else to the current row. */
  function tickCurrentIfNone() {
    if (document.querySelectorAll('input[name="id"]:checked').length > 0) {
      return;
    }
    var row = currentRow();
    var box = row ? row.querySelector('input[name="id"]') : null;
    if (box) {
      box.checked = true;
    }
  }

  function toggleHelp(show) {
    var help = document.getElementById("shortcuts-help");
    if (help) {
      help.hidden = show === undefined ? !help.hidden : !show;
    }
  }

  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) {
      return;
    }
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) {
      if (e.key === "Escape") {
        t.blur();
      }
      return;
    }
    var key = e.key;
    if (key === "Enter" && t && /^(A|BUTTON|SUMMARY)$/.test(t.tagName)) {
      return;
    }
    var list = rows().length > 0;
    if (key === "?") {
      toggleHelp();
    } else if (key === "Escape") {
      toggleHelp(false);
      toggleDrawer(false);
    } else if (key === "/") {
      var q = document.getElementById("q");
      if (q) {
        q.focus();
        q.select();
      }
    } else if (list && key === "j") {
      select(current + 1);
      if (paneOn()) {
        openRow(currentRow(), false);
      }
    } else if (list && key === "k") {
      select(current < 0 ? 0 : current - 1);
      if (paneOn()) {
        openRow(currentRow(), false);
      }
    } else if (list && (key === "o" || key === "Enter") && currentRow()) {
      openRow(currentRow(), true);
    } else if (list && key === "x" && currentRow()) {
      var box = currentRow().querySelector('input[name="id"]');
      if (box) {
        box.checked = !box.checked;
        checkedRows();
      }
    } else {
      var target = keyTarget(key);
      if (!target) {
        return;
      }
      if (list && target.form) {
        tickCurrentIfNone();
      }
      target.click();
    }
    e.preventDefault();
  });

  // ---- the browser's time zone: the server writes every date in it once it knows it
  var ZONE_COOKIE = "postroom-tz";

  function zoneCookie() {
    var m = document.cookie.match(/(?:^|; )postroom-tz=([^;]*)/);
    return m ? decodeURIComponent(m[1]) : null;
  }

  function tellZone() {
    var zone;
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch (e) {
      return;
    }
    if (!zone || zoneCookie() === zone) {
      return;
    }
    var first = zoneCookie() === null;
    document.cookie = ZONE_COOKIE + "=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; SameSite=Lax";
    if (first) {
      localTimes(); // this page was written before the server knew: show its times locally
    }
  }

  function localTimes() {
    var lang = document.documentElement.lang || undefined;
    var now = new Date();
    var all = document.querySelectorAll("table[data-list] time[datetime]");
    for (var i = 0; i < all.length; i++) {
      var d = new Date(all[i].getAttribute("datetime"));
      if (isNaN(d.getTime())) {
        continue;
      }
      var opts = d.toDateString() === now.toDateString() ? { hour: "2-digit", minute: "2-digit" }
          : d.getFullYear() === now.getFullYear() ? { day: "numeric", month: "short" }
          : { year: "numeric", month: "2-digit", day: "2-digit" };
      all[i].textContent = d.toLocaleString(lang, opts);
    }
  }

  // ---- drag and drop: rows (the ticked ones, or the one dragged) onto a folder
  document.addEventListener("dragstart", function (e) {
    var row = e.target.closest ? e.target.closest("tr[data-href]") : null;
    if (!row) {
      return;
    }
    var box = row.querySelector('input[name="id"]');
    if (box && !box.checked) {
      var boxes = document.querySelectorAll('tr[data-href] input[name="id"]');
      for (var i = 0; i < boxes.length; i++) {
        boxes[i].checked = false;
      }
      box.checked = true;
      checkedRows();
    }
    row.classList.add("dragging");
    e.dataTransfer.effectAllowed = "move";
    e.dataTransfer.setData("text/plain", row.getAttribute("data-id"));
  });
  document.addEventListener("dragend", function (e) {
    var row = e.target.closest ? e.target.closest("tr[data-href]") : null;
    if (row) {
      row.classList.remove("dragging");
    }
  });
  document.addEventListener("dragover", function (e) {
    var target = e.target.closest ? e.target.closest("[data-drop-folder]") : null;
    if (target && document.getElementById("list-form")) {
      e.preventDefault();
      target.classList.add("drop-target");
    }
  });
  document.addEventListener("dragleave", function (e) {
    var target = e.target.closest ? e.target.closest("[data-drop-folder]") : null;
    if (target) {
      target.classList.remove("drop-target");
    }
  });
  document.addEventListener("drop", function (e) {
    var target = e.target.closest ? e.target.closest("[data-drop-folder]") : null;
    var form = document.getElementById("list-form");
    if (!target || !form) {
      return;
    }
    e.preventDefault();
    target.classList.remove("drop-target");
    moveTo(form, target.getAttribute("data-drop-folder"));
  });

  /** Submits the list form as "move to this folder" (drag and drop). */
  function moveTo(form, folder) {
    var select = document.getElementById("move-to");
    if (select) {
      select.value = folder;
    }
    var move = document.getElementById("do-move");
    if (move) {
      move.click();
    }
  }

  /** Opening a message marks it read with a POST (the GET that shows it changes nothing). */
  function markRead() {
    var m = document.querySelector("[data-mark-read]");
    if (!m || !m.getAttribute("data-mark-read") || !window.fetch) {
      return;
    }
    var body = new URLSearchParams();
    body.append("csrf", m.getAttribute("data-csrf"));
    body.append("id", m.getAttribute("data-message-id"));
    body.append("action", "read");
    body.append("ajax", "1");
    window.fetch(m.getAttribute("data-mark-read"), {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded" }
    }).then(function (r) {
      if (r.ok) {
        m.setAttribute("data-marked-read", "true");
      }
    });
  }

  /**
   * A field with an error says so to everyone: aria-invalid and aria-describedby pointing at the
   * error text (which sits right under it), and the outline that [aria-invalid] draws.
   */
  function markInvalid() {
    var errors = document.querySelectorAll(".field .field-error");
    var first = null;
    for (var i = 0; i < errors.length; i++) {
      var err = errors[i];
      if (!err.textContent.trim()) {
        continue;
      }
      if (!err.id) {
        err.id = "err-" + i;
      }
      var field = err.closest(".field").querySelector("input:not([type=hidden]), select, textarea");
      if (field) {
        field.setAttribute("aria-invalid", "true");
        var ids = (field.getAttribute("aria-describedby") || "").split(" ").filter(function (x) { return x; });
        if (ids.indexOf(err.id) < 0) {
          ids.push(err.id);
        }
        field.setAttribute("aria-describedby", ids.join(" "));
        first = first || field;
      }
    }
    // the first mistake is where the user looks next, even on a long page
    if (first && !document.querySelector("[autofocus]")) {
      first.closest(".field").scrollIntoView({ block: "center" });
      first.focus({ preventScroll: true });
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    markInvalid();
    tellZone();
    markRead();
    sizeFrames();
    var filters = document.querySelector("details[data-open=true]");
    if (filters) {
      filters.open = true;
    }
  });
  // ---- the HTML body sized to its content: a short mail takes a short box, a long one scrolls
  // with the page (the frame runs no script; its document is ours and readable)
  function sizeFrames() {
    var frames = document.querySelectorAll("iframe[data-fit]");
    for (var i = 0; i < frames.length; i++) {
      fit(frames[i]);
      frames[i].addEventListener("load", (function (f) { return function () { fit(f); }; })(frames[i]));
    }
  }

  function fit(frame) {
    try {
      var doc = frame.contentDocument;
      if (!doc || !doc.documentElement) {
        return;
      }
      if (!doc.body) {
        return;
      }
      // the content's own height: the root element's box (not the frame's viewport, which
      // scrollHeight would report and which would then only ever grow)
      var h = Math.max(doc.documentElement.getBoundingClientRect().height, doc.body.scrollHeight);
      frame.style.height = Math.max(60, Math.min(Math.ceil(h) + 2, 200000)) + "px";
      // the text reflows when the frame's width changes (a page scrollbar appearing, a phone
      // turning): measure again whenever the mail's own box changes size
      if (window.ResizeObserver && doc.body && !frame.postroomObserved && doc.readyState === "complete") {
        frame.postroomObserved = true;
        new window.ResizeObserver(function () { fit(frame); }).observe(doc.body);
      }
      var images = doc.images || [];
      for (var j = 0; j < images.length; j++) {
        if (!images[j].complete) {
          images[j].addEventListener("load", function () { fit(frame); });
        }
      }
    } catch (e) {
      // not readable (an older frame without same-origin): it keeps its fixed height
    }
  }

  window.addEventListener("resize", function () {
    var frames = document.querySelectorAll("iframe[data-fit]");
    for (var i = 0; i < frames.length; i++) {
      fit(frames[i]);
    }
  });

  document.addEventListener("postroom:rows", function () {
    checkedRows();
  });

  // copy buttons: data-copy names the element whose text is copied
  document.addEventListener("click", function (e) {
    var button = e.target.closest ? e.target.closest("[data-copy]") : null;
    if (!button) {
      return;
    }
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source || !navigator.clipboard) {
      return;
    }
    navigator.clipboard.writeText(source.textContent).then(function () {
      var was = button.textContent;
      button.textContent = text("copied", "Copied");
      window.setTimeout(function () { button.textContent = was; }, 1500);
    });
  });
})();
