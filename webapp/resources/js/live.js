// Live mail pages: the server pushes "your mailbox is at modseq N now" (Server-Sent Events,
// /mail/events); the page then fetches only what changed since the modseq it shows: the folder
// counts (and with them the tab title) and, on a folder's first page, the rows that are new, changed
// or gone. A dropped connection is opened again with a growing pause (1 s up to 30 s) and catches
// up from the last modseq seen. Desktop notifications, when the user turned them on in Settings
// (kept in this browser), tell of new unread mail in the Inbox.
(function () {
  "use strict";

  var NOTIFY_KEY = "postroom.notifications";
  var live, modseq, source, backoff = 1000, busy = false, again = false, timer = null;

  function attr(el, name) {
    return el ? el.getAttribute(name) : null;
  }

  function list() {
    return document.querySelector("table[data-live-folder]");
  }

  function notificationsOn() {
    try {
      return window.localStorage.getItem(NOTIFY_KEY) === "on" &&
          "Notification" in window && window.Notification.permission === "granted";
    } catch (e) {
      return false;
    }
  }

  // ---- the push channel

  function connect() {
    if (!window.EventSource) {
      return;
    }
    source = new window.EventSource(attr(live, "data-live-events") + "?since=" + modseq);
    source.addEventListener("open", function () {
      backoff = 1000;
      live.setAttribute("data-connected", "true");
    });
    source.addEventListener("change", function (e) {
      var n = parseInt(e.data, 10);
      if (n > modseq) {
        refresh();
      }
    });
    source.addEventListener("error", function () {
      live.setAttribute("data-connected", "false");
      source.close();
      window.clearTimeout(timer);
      timer = window.setTimeout(connect, backoff);
      backoff = Math.min(backoff * 2, 30000);
    });
  }

  // ---- fetching what changed

  function refresh() {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    var since = modseq;
    var folderEl = list();
    var folder = folderEl ? attr(folderEl, "data-live-folder") : "";
    var work = [counts()];
    var inbox = inboxId();
    var rowsFor = {};
    if (folder) {
      rowsFor[folder] = true;
    }
    if (notificationsOn() && inbox) {
      rowsFor[inbox] = true;
    }
    Object.keys(rowsFor).forEach(function (f) {
      work.push(rows(f, since, f === folder));
    });
    Promise.all(work).then(function (results) {
      var newest = since;
      results.forEach(function (r) {
        if (r && r.modseq > newest) {
          newest = r.modseq;
        }
      });
      modseq = Math.max(modseq, newest);
      live.setAttribute("data-modseq", String(modseq));
    }).catch(function () {
      // the next change, or the next connection, tries again
    }).then(function () {
      busy = false;
      if (again) {
        again = false;
        refresh();
      }
    });
  }

  function inboxId() {
    var li = document.querySelector('#folders li[data-role="INBOX"]');
    return li ? attr(li, "data-folder") : null;
  }

  function counts() {
    return window.fetch(attr(live, "data-counts"), { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (folders) {
        folders.forEach(function (f) {
          var li = document.querySelector('#folders li[data-folder="' + f.id + '"]');
          if (li) {
            badge(li, f.unread);
            if (attr(li, "data-role") === "INBOX" && !document.getElementById("message")) {
              title(f.unread); // pages count the Inbox; an open message keeps its subject first
            }
          }
        });
        return null;
      });
  }

  function badge(li, unread) {
    var b = li.querySelector(".badge");
    if (unread > 0) {
      if (!b) {
        b = document.createElement("span");
        b.className = "badge";
        li.querySelector("a").appendChild(b);
      }
      b.textContent = String(unread);
      b.title = jsText("unread-count", "{0} unread").replace("{0}", String(unread));
    } else if (b) {
      b.parentNode.removeChild(b);
    }
  }

  function title(unread) {
    var t = document.title.replace(/^\(\d+\) /, "");
    document.title = (unread > 0 ? "(" + unread + ") " : "") + t;
  }

  function rows(folder, since, apply) {
    var url = attr(live, "data-rows") + "?folder=" + encodeURIComponent(folder) + "&since=" + since;
    return window.fetch(url, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        var doc = new window.DOMParser().parseFromString(html, "text/html");
        var changes = doc.getElementById("changes");
        if (!changes) {
          return null;
        }
        if (folder === inboxId()) {
          notify(changes); // before the rows go in: what is already shown is not news
        }
        if (apply) {
          if (attr(changes, "data-reload") === "true") {
            window.location.reload();
            return null;
          }
          applyRows(changes);
        }
        return { modseq: parseInt(attr(changes, "data-modseq"), 10) || 0 };
      });
  }

  function key(row, conversations) {
    return conversations ? 'tr[data-thread="' + attr(row, "data-thread") + '"]'
                         : 'tr[data-id="' + attr(row, "data-id") + '"]';
  }

  function applyRows(changes) {
    var table = list();
    var body = table.tBodies[0];
    var conversations = attr(changes, "data-conversations") === "true";
    split(attr(changes, "data-remove")).forEach(function (id) {
      remove(body.querySelector('tr[data-id="' + id + '"]'));
    });
    split(attr(changes, "data-remove-threads")).forEach(function (t) {
      remove(body.querySelector('tr[data-thread="' + t + '"]'));
    });
    var incoming = Array.prototype.slice.call(changes.querySelectorAll("tr[data-id]"));
    incoming.forEach(function (row) {
      var old = body.querySelector(key(row, conversations));
      var fresh = document.importNode(row, true);
      if (old) {
        var box = old.querySelector('input[name="id"]');
        var newBox = fresh.querySelector('input[name="id"]');
        if (box && newBox) {
          newBox.checked = box.checked;
        }
        if (old.classList.contains("current")) {
          fresh.classList.add("current");
        }
        remove(old);
      }
      insertByTime(body, fresh);
    });
    var empty = document.getElementById("empty-folder");
    var any = body.querySelector("tr[data-id]") !== null;
    table.hidden = !any;
    if (empty) {
      empty.hidden = any;
    }
    document.dispatchEvent(new window.CustomEvent("postroom:rows"));
  }

  function insertByTime(body, row) {
    var at = parseInt(attr(row, "data-at"), 10) || 0;
    var all = body.querySelectorAll("tr[data-id]");
    for (var i = 0; i < all.length; i++) {
      if ((parseInt(attr(all[i], "data-at"), 10) || 0) <= at) {
        body.insertBefore(row, all[i]);
        return;
      }
    }
    body.appendChild(row);
  }

  function remove(row) {
    if (row && row.parentNode) {
      row.parentNode.removeChild(row);
    }
  }

  function split(s) {
    return s ? s.split(",").filter(function (x) { return x !== ""; }) : [];
  }

  // ---- desktop notifications of new unread mail in the Inbox

  var told = {};

  function notify(changes) {
    if (!notificationsOn()) {
      return;
    }
    var fresh = changes.querySelectorAll("tr.unread[data-id]");
    for (var i = 0; i < fresh.length && i < 3; i++) {
      var id = attr(fresh[i], "data-id");
      if (told[id] || document.querySelector('#messages tr[data-id="' + id + '"]')) {
        continue;
      }
      told[id] = true;
      var from = fresh[i].querySelector(".from");
      var subject = fresh[i].querySelector(".subject-text");
      var n = new window.Notification(from ? from.textContent.trim() : jsText("new-mail", "New mail"), {
        body: subject ? subject.textContent.trim() : "",
        tag: "postroom-" + id
      });
      n.onclick = (function (href) {
        return function () { window.focus(); window.location.href = href; };
      })(attr(fresh[i], "data-href"));
    }
  }

  /** A text of the page's language (layout.xhtml's #js-texts), else the English one. */
  function jsText(name, fallback) {
    var t = document.getElementById("js-texts");
    return (t && t.getAttribute("data-" + name)) || fallback;
  }

  // the Settings switch (a checkbox with data-notifications); permission is asked on the click
  document.addEventListener("change", function (e) {
    var box = e.target.closest ? e.target.closest("[data-notifications]") : null;
    if (!box || !("Notification" in window)) {
      return;
    }
    if (!box.checked) {
      window.localStorage.setItem(NOTIFY_KEY, "off");
      return;
    }
    window.Notification.requestPermission().then(function (p) {
      window.localStorage.setItem(NOTIFY_KEY, p === "granted" ? "on" : "off");
      box.checked = p === "granted";
      var note = document.getElementById(attr(box, "data-notifications"));
      if (note) {
        note.textContent = p === "granted" ? "" : jsText("notifications-refused", "Your browser refused notifications for this site.");
      }
    });
  });

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector("[data-notifications]");
    if (box) {
      box.disabled = !("Notification" in window);
      box.checked = notificationsOn();
    }
    live = document.getElementById("live");
    if (!live || !window.fetch) {
      return;
    }
    modseq = parseInt(attr(live, "data-modseq"), 10) || 0;
    connect();
  });
})();
