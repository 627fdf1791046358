// Writing mail: the rich text editor (our own, on contenteditable), plain text mode, autosave a few
// seconds after typing stops and when the page is left, uploads with a progress bar and drag and
// drop, the Undo countdown, and delivery status that updates itself. Wired by data- attributes
// (the CSP forbids inline script); without this file the compose form still sends plain text.
(function () {
  "use strict";

  var AUTOSAVE_MS = 2000;
  var POLL_MS = 2000;
  var MAX_POLLS = 900;

  function $(id) {
    return document.getElementById(id);
  }

  /** A text the page put in #js-texts, in the page's language. */
  function text(name, fallback) {
    var t = $("js-texts");
    var v = t ? t.getAttribute("data-" + name) : null;
    return v || fallback;
  }

  function escapeLine(s) {
    var d = document.createElement("div");
    d.textContent = s;
    return d.innerHTML;
  }

  function textToHtml(text) {
    return text.split(/\r?\n/).map(function (l) {
      return "<div>" + (l === "" ? "<br>" : escapeLine(l)) + "</div>";
    }).join("");
  }

  function size(bytes) {
    if (bytes >= 1000000) {
      return (bytes / 1000000).toFixed(1) + " MB";
    }
    return Math.max(1, Math.round(bytes / 1000)) + " kB";
  }

  function initCompose(form) {
    var url = form.getAttribute("data-compose");
    var limit = parseInt(form.getAttribute("data-limit"), 10) || 0;
    var editor = $("editor");
    var body = $("body");
    var rich = $("rich");
    var toolbar = $("editor-toolbar");
    var toRich = $("to-rich");
    var state = $("save-state");
    var progress = $("upload-progress");
    var filesInput = $("files");
    var attachError = document.getElementById("compose:attachments-error");
    var dirty = false;
    var submitting = false;
    var timer = null;
    var saving = null;
    var again = false;

    $("tz").value = String(new Date().getTimezoneOffset());

    function showRich(on) {
      rich.value = on ? "true" : "false";
      editor.hidden = !on;
      toolbar.hidden = !on;
      body.hidden = on;
      toRich.hidden = on;
    }

    if (rich.value === "true") {
      editor.innerHTML = body.value; // sanitised by the server when it was saved or built
      showRich(true);
    } else {
      showRich(false);
    }

    function sync() {
      if (rich.value === "true") {
        body.value = editor.innerHTML;
      }
    }

    function formData(action) {
      sync();
      var data = new FormData(form);
      data.delete("files");
      data.delete("action");
      data.set("action", action);
      data.set("ajax", "1");
      return data;
    }

    function showFiles(files) {
      var list = $("files-list");
      var old = list.querySelectorAll("li[data-file]");
      for (var i = 0; i < old.length; i++) {
        list.removeChild(old[i]);
      }
      var first = list.firstChild;
      files.forEach(function (f) {
        var li = document.createElement("li");
        li.setAttribute("data-file", f.id);
        li.setAttribute("data-size", f.size);
        var name = document.createElement("span");
        name.className = "file-name";
        name.textContent = f.name;
        var sz = document.createElement("span");
        sz.className = "att-size";
        sz.textContent = size(f.size);
        var rm = document.createElement("button");
        rm.type = "button";
        rm.className = "remove-file";
        rm.setAttribute("data-remove-file", f.id);
        rm.textContent = "Remove";
        li.appendChild(name);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(sz);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(rm);
        list.insertBefore(li, first);
      });
    }

    function stagedBytes() {
      var sum = 0;
      var items = document.querySelectorAll("#files-list li[data-file]");
      for (var i = 0; i < items.length; i++) {
        sum += parseInt(items[i].getAttribute("data-size") || "0", 10);
      }
      return sum;
    }

    function saved(json) {
      dirty = false;
      var t = new Date();
      state.textContent = text("draft-saved", "Draft saved at {0}").replace("{0}", t.toLocaleTimeString(document.documentElement.lang || undefined));
      state.setAttribute("data-saved", String(json.draft));
      state.setAttribute("data-saves", String(parseInt(state.getAttribute("data-saves") || "0", 10) + 1));
      form.setAttribute("data-draft", String(json.draft));
      if (json.files) {
        showFiles(json.files);
      }
    }

    function failed(json) {
      if (json && json.errors) {
        Object.keys(json.errors).forEach(function (field) {
          var el = document.getElementById("compose:" + field + "-error");
          if (el) {
            el.textContent = json.errors[field];
          }
        });
        state.textContent = text("not-saved-field", "Not saved: see the marked field.");
      } else if (json && json.error) {
        state.textContent = json.error;
      } else {
        state.textContent = text("not-saved-connection", "Not saved yet (connection problem); will try again.");
        dirty = true;
      }
    }

    function post(data) {
      return fetch(url, { method: "POST", body: data, credentials: "same-origin" })
        .then(function (res) {
          return res.json().then(function (json) {
            if (!res.ok) {
              throw json;
            }
            return json;
          }, function () {
            throw null;
          });
        });
    }

    function save() {
      if (submitting) {
        return;
      }
      if (saving) {
        again = true;
        return;
      }
      state.textContent = text("saving", "Saving…");
      saving = post(formData("autosave")).then(saved, failed).then(function () {
        saving = null;
        if (again) {
          again = false;
          save();
        }
      });
    }

    function changed() {
      dirty = true;
      if (timer) {
        clearTimeout(timer);
      }
      timer = setTimeout(save, AUTOSAVE_MS);
    }

    form.addEventListener("input", function (e) {
      if (e.target !== filesInput) {
        changed();
      }
    });
    form.addEventListener("change", function (e) {
      if (e.target !== filesInput) {
        changed();
      }
    });

    // Enter never sends (a suggestion list, a subject line); Ctrl+Enter or Cmd+Enter does
    form.addEventListener("keydown", function (e) {
      if (e.key !== "Enter" || e.target.tagName !== "INPUT") {
        if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          $("send").click();
        }
        return;
      }
      if (e.ctrlKey || e.metaKey) {
        e.preventDefault();
        $("send").click();
      } else if (e.target.type !== "submit" && e.target.type !== "button") {
        e.preventDefault();
      }
    });

    // an empty subject or an empty message asks first
    form.addEventListener("click", function (e) {
      var b = e.target.closest ? e.target.closest("#send, #schedule") : null;
      if (!b) {
        return;
      }
      sync();
      var subject = $("subject").value.trim();
      var content = (rich.value === "true" ? editor.innerText : body.value).trim();
      var carries = document.querySelector("#files-list li") !== null;
      if ((subject === "" && !window.confirm(text("confirm-empty-subject", "Send without a subject?"))) ||
          (content === "" && !carries && !window.confirm(text("confirm-empty-body", "Send without any text?")))) {
        e.preventDefault();
      }
    });

    form.addEventListener("submit", function () {
      sync();
      submitting = true;
      if (timer) {
        clearTimeout(timer);
      }
    });

    function leave() {
      if (dirty && !submitting && navigator.sendBeacon) {
        navigator.sendBeacon(url, formData("autosave"));
        dirty = false;
      }
    }
    window.addEventListener("pagehide", leave);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") {
        leave();
      }
    });

    // ---- formatting
    toolbar.addEventListener("click", function (e) {
      var b = e.target.closest("button");
      if (!b) {
        return;
      }
      var cmd = b.getAttribute("data-command");
      editor.focus();
      if (cmd === "createLink") {
        askLink();
        return;
      } else if (cmd === "quote") {
        document.execCommand("formatBlock", false, "blockquote");
      } else if (cmd) {
        document.execCommand(cmd, false, null);
      } else if (b.getAttribute("data-mode") === "plain") {
        body.value = editor.innerText;
        showRich(false);
        body.focus();
      }
      changed();
    });
    // ---- links: a small dialog of our own, not window.prompt
    var linkDialog = $("link-dialog");
    var savedRange = null;
    function askLink() {
      var sel = window.getSelection();
      savedRange = sel.rangeCount > 0 ? sel.getRangeAt(0).cloneRange() : null;
      var input = $("link-url");
      input.value = "https://";
      $("link-error").textContent = "";
      input.removeAttribute("aria-invalid");
      linkDialog.showModal();
      input.focus();
      input.select();
    }
    if (linkDialog) {
      linkDialog.addEventListener("close", function () {
        if (linkDialog.returnValue !== "ok") {
          return;
        }
        var href = $("link-url").value.trim();
        editor.focus();
        if (savedRange) {
          var sel = window.getSelection();
          sel.removeAllRanges();
          sel.addRange(savedRange);
        }
        document.execCommand("createLink", false, href);
        changed();
      });
      $("link-ok").addEventListener("click", function (e) {
        var href = $("link-url").value.trim();
        if (!/^(https?:\/\/\S+|mailto:\S+@\S+)$/i.test(href)) {
          e.preventDefault();
          $("link-error").textContent = text("link-invalid", "Enter an address that starts with https:// or mailto:.");
          $("link-url").setAttribute("aria-invalid", "true");
          return;
        }
        linkDialog.returnValue = "ok";
      });
    }

    toRich.addEventListener("click", function () {
      editor.innerHTML = textToHtml(body.value);
      showRich(true);
      editor.focus();
      changed();
    });
    editor.addEventListener("input", changed);
    editor.addEventListener("keydown", function (e) {
      if ((e.ctrlKey || e.metaKey) && (e.key === "b" || e.key === "i")) {
        e.preventDefault();
        document.execCommand(e.key === "b" ? "bold" : "italic", false, null);
        changed();
      }
    });

    // ---- attachments
    function upload(files) {
      attachError.textContent = "";
      var total = stagedBytes();
      for (var i = 0; i < files.length; i++) {
        total += files[i].size;
      }
      if (limit > 0 && total > limit) {
        attachError.textContent = text("attach-too-big", "These files add up to {0}; a message may carry at most {1}.")
            .replace("{0}", size(total)).replace("{1}", size(limit));
        filesInput.value = "";
        return;
      }
      var data = formData("attach");
      for (var k = 0; k < files.length; k++) {
        data.append("files", files[k], files[k].name);
      }
      var xhr = new XMLHttpRequest();
      xhr.open("POST", url);
      progress.hidden = false;
      progress.value = 0;
      xhr.upload.onprogress = function (e) {
        if (e.lengthComputable) {
          progress.value = Math.round((e.loaded / e.total) * 100);
        }
      };
      xhr.onload = function () {
        progress.value = 100;
        progress.hidden = true;
        filesInput.value = "";
        var json = null;
        try {
          json = JSON.parse(xhr.responseText);
        } catch (err) {
          json = null;
        }
        if (xhr.status === 200 && json) {
          saved(json);
        } else {
          failed(json);
        }
      };
      xhr.onerror = function () {
        progress.hidden = true;
        attachError.textContent = text("upload-failed", "The upload failed; try again.");
      };
      xhr.send(data);
    }

    filesInput.addEventListener("change", function () {
      if (filesInput.files.length > 0) {
        upload(filesInput.files);
      }
    });
    var zone = $("drop-zone");
    zone.addEventListener("dragover", function (e) {
      e.preventDefault();
      zone.classList.add("dragging");
    });
    zone.addEventListener("dragleave", function () {
      zone.classList.remove("dragging");
    });
    zone.addEventListener("drop", function (e) {
      e.preventDefault();
      zone.classList.remove("dragging");
      if (e.dataTransfer && e.dataTransfer.files.length > 0) {
        upload(e.dataTransfer.files);
      }
    });
    $("files-list").addEventListener("click", function (e) {
      var rm = e.target.closest("[data-remove-file]");
      if (!rm) {
        return;
      }
      e.preventDefault();
      var data = formData("remove-file");
      data.set("file", rm.getAttribute("data-remove-file"));
      post(data).then(saved, failed);
    });
  }

  // ---- undo bar: a countdown; the server sends when it runs out, with or without this page
  function initUndo(bar) {
    var release = parseInt(bar.getAttribute("data-release"), 10);
    var count = bar.querySelector(".undo-countdown");
    var tick = setInterval(function () {
      var left = Math.ceil((release - Date.now()) / 1000);
      if (left > 0) {
        count.textContent = " (" + left + " s)";
      } else {
        clearInterval(tick);
        bar.querySelector(".undo-text").textContent = "Message sent.";
        var b = bar.querySelector(".undo-button");
        if (b) {
          b.hidden = true;
        }
      }
    }, 250);
  }

  // ---- delivery status: poll until every recipient is final
  function initStatus(section) {
    var url = section.getAttribute("data-status-url");
    var polls = 0;
    function pending() {
      return section.querySelector('li[data-done="false"]') !== null;
    }
    function render(list) {
      var ul = section.querySelector("ul");
      while (ul.firstChild) {
        ul.removeChild(ul.firstChild);
      }
      list.forEach(function (s) {
        var li = document.createElement("li");
        li.className = "delivery-" + s.state;
        li.setAttribute("data-address", s.address);
        li.setAttribute("data-done", String(s.done));
        var a = document.createElement("span");
        a.className = "rcpt";
        a.textContent = s.address;
        var st = document.createElement("span");
        st.className = "delivery-state";
        st.textContent = s.label || s.state;
        var t = document.createElement("span");
        t.className = "delivery-text";
        t.textContent = s.text;
        li.appendChild(a);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(st);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(t);
        ul.appendChild(li);
      });
    }
    function poll() {
      if (!pending() || polls++ >= MAX_POLLS) {
        return;
      }
      fetch(url, { credentials: "same-origin" })
        .then(function (r) {
          return r.ok ? r.json() : null;
        })
        .then(function (list) {
          if (list) {
            render(list);
          }
          setTimeout(poll, POLL_MS);
        }, function () {
          setTimeout(poll, POLL_MS * 5);
        });
    }
    setTimeout(poll, POLL_MS);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-compose]");
    if (form) {
      initCompose(form);
    }
    var bars = document.querySelectorAll("form.undo-bar[data-release]");
    for (var i = 0; i < bars.length; i++) {
      initUndo(bars[i]);
    }
    var status = document.querySelector("section[data-status-url]");
    if (status) {
      initStatus(status);
    }
  });
})();
