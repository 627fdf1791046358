// Postroom's page behaviour. No inline scripts anywhere (the CSP forbids them): pages mark
// elements with data- attributes and this file wires them up. Everything works without it; this
// adds keyboard shortcuts, row clicks, local times and the mark-read request.
(function () {
  "use strict";

  function visible(el) {
    return el && el.offsetParent !== null;
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
    if (row && !e.target.closest("a, input, label, button, select")) {
      window.location.href = row.getAttribute("data-href");
    }
  });

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
    } else if (key === "/") {
      var q = document.getElementById("q");
      if (q) {
        q.focus();
        q.select();
      }
    } else if (list && key === "j") {
      select(current + 1);
    } else if (list && key === "k") {
      select(current < 0 ? 0 : current - 1);
    } else if (list && (key === "o" || key === "Enter") && currentRow()) {
      window.location.href = currentRow().getAttribute("data-href");
    } else if (list && key === "x" && currentRow()) {
      var box = currentRow().querySelector('input[name="id"]');
      if (box) {
        box.checked = !box.checked;
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

  function pad(n) {
    return n < 10 ? "0" + n : "" + n;
  }

  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  function localTimes() {
    var now = new Date();
    var all = document.querySelectorAll("time[datetime]");
    for (var i = 0; i < all.length; i++) {
      var d = new Date(all[i].getAttribute("datetime"));
      if (isNaN(d.getTime())) {
        continue;
      }
      if (all[i].closest("#h-date")) {
        all[i].textContent = d.toLocaleString();
      } else if (d.toDateString() === now.toDateString()) {
        all[i].textContent = pad(d.getHours()) + ":" + pad(d.getMinutes());
      } else if (d.getFullYear() === now.getFullYear()) {
        all[i].textContent = d.getDate() + " " + MONTHS[d.getMonth()];
      } else {
        all[i].textContent = d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
      }
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

  document.addEventListener("DOMContentLoaded", function () {
    localTimes();
    markRead();
    var filters = document.querySelector("details[data-open=true]");
    if (filters) {
      filters.open = true;
    }
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
      button.textContent = "Copied";
      window.setTimeout(function () { button.textContent = was; }, 1500);
    });
  });
})();
