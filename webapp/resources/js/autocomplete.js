// Address autocomplete for any input marked data-autocomplete="addresses". No inline script (the
// CSP forbids it): this file listens on the document, so inputs added later work too.
//   data-autocomplete-url     where to ask (default /mail/addresses); answers [{name, address, kind}]
//   data-autocomplete-single  the field holds one bare address, not a comma-separated list
//   data-autocomplete-name    id of a name field to fill (when empty) with the chosen name
// Keys: Down/Up move, Enter or Tab take the highlighted address, Escape closes.
(function () {
  "use strict";
  var MIN_CHARS = 1;
  var DELAY_MS = 120;
  var counter = 0;
  var state = null; // {input, list, items, index, timer, seq}

  function isAddressInput(el) {
    return el && el.tagName === "INPUT" && el.getAttribute("data-autocomplete") === "addresses";
  }

  function single(input) {
    return input.hasAttribute("data-autocomplete-single");
  }

  // The parts of a comma-separated list; commas inside quotes or <> belong to the address.
  function split(value) {
    var parts = [];
    var cur = "";
    var quoted = false;
    var angle = false;
    for (var i = 0; i < value.length; i++) {
      var ch = value.charAt(i);
      if (ch === '"') {
        quoted = !quoted;
      } else if (ch === "<" && !quoted) {
        angle = true;
      } else if (ch === ">" && !quoted) {
        angle = false;
      }
      if ((ch === "," || ch === ";") && !quoted && !angle) {
        parts.push(cur);
        cur = "";
      } else {
        cur += ch;
      }
    }
    parts.push(cur);
    return parts;
  }

  // What the user is typing now: the part the caret is in (the last one for a single field).
  function currentTerm(input) {
    if (single(input)) {
      return {parts: [input.value], index: 0, term: input.value.trim()};
    }
    var caret = input.selectionStart === null ? input.value.length : input.selectionStart;
    var parts = split(input.value);
    var pos = 0;
    for (var i = 0; i < parts.length; i++) {
      pos += parts[i].length;
      if (caret <= pos || i === parts.length - 1) {
        return {parts: parts, index: i, term: parts[i].trim()};
      }
      pos += 1; // the separator
    }
    return {parts: parts, index: parts.length - 1, term: ""};
  }

  function formatted(s) {
    if (!s.name) {
      return s.address;
    }
    var name = /[",;<>()@\[\]\\:.]/.test(s.name) ? '"' + s.name.replace(/(["\\])/g, "\\$1") + '"' : s.name;
    return name + " <" + s.address + ">";
  }

  function close() {
    if (!state) {
      return;
    }
    clearTimeout(state.timer);
    if (state.list.parentNode) {
      state.list.parentNode.removeChild(state.list);
    }
    state.input.setAttribute("aria-expanded", "false");
    state.input.removeAttribute("aria-activedescendant");
    state = null;
  }

  function ensureState(input) {
    if (state && state.input === input) {
      return state;
    }
    close();
    var list = document.createElement("ul");
    list.className = "autocomplete";
    list.id = "autocomplete-" + (++counter);
    list.setAttribute("role", "listbox");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    state = {input: input, list: list, items: [], index: -1, timer: null, seq: 0};
    return state;
  }

  function highlight(index) {
    var s = state;
    var nodes = s.list.children;
    for (var i = 0; i < nodes.length; i++) {
      nodes[i].setAttribute("aria-selected", i === index ? "true" : "false");
    }
    s.index = index;
    if (index >= 0 && nodes[index]) {
      s.input.setAttribute("aria-activedescendant", nodes[index].id);
      nodes[index].scrollIntoView({block: "nearest"});
    } else {
      s.input.removeAttribute("aria-activedescendant");
    }
  }

  function show(items) {
    var s = state;
    s.items = items;
    s.list.textContent = "";
    if (!items.length) {
      close();
      return;
    }
    items.forEach(function (item, i) {
      var li = document.createElement("li");
      li.id = s.list.id + "-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("data-address", item.address);
      li.setAttribute("data-kind", item.kind);
      var name = document.createElement("span");
      name.className = "ac-name";
      name.textContent = item.name || item.address;
      li.appendChild(name);
      if (item.name) {
        var addr = document.createElement("span");
        addr.className = "ac-address";
        addr.textContent = item.address;
        li.appendChild(addr);
      }
      var kind = document.createElement("span");
      kind.className = "ac-kind";
      var texts = document.getElementById("js-texts");
      kind.textContent = (texts && texts.getAttribute("data-kind-" + item.kind)) || "";
      li.appendChild(kind);
      s.list.appendChild(li);
    });
    var input = s.input;
    if (!s.list.parentNode) {
      input.insertAdjacentElement("afterend", s.list);
    }
    // right below the field being typed in, never over it
    s.list.style.minWidth = input.offsetWidth + "px";
    s.list.style.left = input.offsetLeft + "px";
    s.list.style.top = (input.offsetTop + input.offsetHeight + 2) + "px";
    input.setAttribute("aria-expanded", "true");
    highlight(0); // the first suggestion is ready: Enter or Tab takes it
  }

  function choose(index) {
    var s = state;
    var item = s.items[index];
    if (!item) {
      return;
    }
    var input = s.input;
    if (single(input)) {
      input.value = item.address;
      var nameId = input.getAttribute("data-autocomplete-name");
      var nameField = nameId ? document.getElementById(nameId) : null;
      if (nameField && !nameField.value.trim() && item.name) {
        nameField.value = item.name;
      }
    } else {
      var t = currentTerm(input);
      var parts = t.parts.map(function (p) { return p.trim(); });
      parts[t.index] = formatted(item);
      var kept = parts.filter(function (p, i) { return p !== "" || i === t.index; });
      input.value = kept.join(", ") + ", ";
      input.setSelectionRange(input.value.length, input.value.length);
    }
    close();
    input.dispatchEvent(new Event("change", {bubbles: true}));
    input.focus();
  }

  function lookup(input) {
    var s = ensureState(input);
    clearTimeout(s.timer);
    var term = currentTerm(input).term;
    if (term.length < MIN_CHARS || term.indexOf("<") >= 0) {
      close();
      return;
    }
    s.timer = setTimeout(function () {
      var seq = ++s.seq;
      var url = input.getAttribute("data-autocomplete-url") || "/mail/addresses";
      fetch(url + "?q=" + encodeURIComponent(term), {credentials: "same-origin", headers: {Accept: "application/json"}})
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (items) {
          // only the newest answer for the field that still has the focus
          if (state === s && seq === s.seq && document.activeElement === input) {
            show(items);
          }
        })
        .catch(function () { /* no suggestions: typing still works */ });
    }, DELAY_MS);
  }

  document.addEventListener("input", function (e) {
    if (isAddressInput(e.target)) {
      lookup(e.target);
    }
  });

  document.addEventListener("keydown", function (e) {
    if (!state || e.target !== state.input || !state.list.parentNode) {
      return;
    }
    var n = state.items.length;
    if (e.key === "ArrowDown") {
      e.preventDefault();
      highlight((state.index + 1) % n);
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      highlight(state.index <= 0 ? n - 1 : state.index - 1);
    } else if ((e.key === "Enter" || e.key === "Tab") && state.index >= 0) {
      e.preventDefault(); // Enter must not submit the form while a suggestion is picked
      choose(state.index);
    } else if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      close();
    }
  }, true);

  // mousedown, not click: the input keeps its focus until the choice is made
  document.addEventListener("mousedown", function (e) {
    var li = e.target.closest ? e.target.closest("ul.autocomplete li") : null;
    if (li && state) {
      e.preventDefault();
      choose(Array.prototype.indexOf.call(state.list.children, li));
    } else if (state && e.target !== state.input) {
      close();
    }
  });

  document.addEventListener("focusout", function (e) {
    if (state && e.target === state.input) {
      setTimeout(function () {
        if (state && document.activeElement !== state.input) {
          close();
        }
      }, 150);
    }
  });
})();
