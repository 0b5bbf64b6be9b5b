// The article form's live preview, with the references as typed in the form.
//
// django-markdownx previews the body alone, with the references already saved;
// this script sends the body together with the references inline (saved or not)
// to the same preview endpoint, so a key typed a moment ago can be cited. The
// widget's own refresh is slowed to never (data-markdownx-latency), so the two
// never race; this one refreshes 600 ms after the last keystroke.
(function () {
  "use strict";
  var DELAY_MS = 600;

  function csrfToken(form) {
    var field = form.querySelector("input[name='csrfmiddlewaretoken']");
    return field ? field.value : "";
  }

  function setUp(form) {
    var editor = form.querySelector(".markdownx textarea");
    var preview = form.querySelector(".markdownx-preview");
    if (!editor || !preview) {
      return;
    }
    var url = editor.getAttribute("data-markdownx-urls-path");
    var timer = null;

    function refresh() {
      var data = new FormData();
      data.append("csrfmiddlewaretoken", csrfToken(form));
      data.append("content", editor.value);
      new FormData(form).forEach(function (value, name) {
        if (name.indexOf("references-") === 0) {
          data.append(name, value);
        }
      });
      fetch(url, { method: "POST", body: data, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (html !== null) {
            preview.innerHTML = html;
          }
        })
        .catch(function () { /* the next keystroke tries again */ });
    }

    function later(event) {
      var name = event.target.name || "";
      if (event.target === editor || name.indexOf("references-") === 0) {
        clearTimeout(timer);
        timer = setTimeout(refresh, DELAY_MS);
      }
    }

    form.addEventListener("input", later);
    form.addEventListener("change", later);
    refresh();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("article_form");
    if (form) {
      setUp(form);
    }
  });
})();

// The authors and "also read" pickers (select2) type into a search box that
// select2 creates without a label; give each the label of its field.
(function () {
  "use strict";
  function labelSearchBoxes() {
    document.querySelectorAll(".select2-search__field:not([aria-label])").forEach(
      function (box) {
        var row = box.closest(".form-row, .flex-container");
        var label = row && row.querySelector("label");
        var name = label ? label.textContent.replace(/:\s*$/, "").trim() : "Search";
        box.setAttribute("aria-label", "Search " + name.toLowerCase());
      }
    );
  }
  document.addEventListener("DOMContentLoaded", function () {
    labelSearchBoxes();
    new MutationObserver(labelSearchBoxes).observe(document.body, {
      childList: true,
      subtree: true,
    });
  });
})();

// Citing while typing: after "[@", the article's reference keys (as typed in
// the form, saved or not) are offered as buttons under the editor; pressing
// one completes the key. Only keys starting with what follows "[@" are shown.
(function () {
  "use strict";
  var PARTIAL = /\[@([\w:.-]*)$/;

  function keys(form) {
    var found = [];
    form.querySelectorAll("input[name^='references-'][name$='-key']").forEach(
      function (input) {
        var row = input.closest(".inline-related");
        var deleted = row && row.querySelector("input[name$='-DELETE']:checked");
        if (input.value.trim() && !deleted) {
          found.push(input.value.trim());
        }
      }
    );
    return found;
  }

  function setUp(form) {
    var editor = form.querySelector(".markdownx textarea");
    if (!editor) {
      return;
    }
    var box = document.createElement("div");
    box.className = "cite-keys";
    box.setAttribute("role", "group");
    box.setAttribute("aria-label", "Cite a reference");
    box.hidden = true;
    editor.closest(".markdownx").after(box);

    function offer() {
      var before = editor.value.slice(0, editor.selectionStart);
      var match = PARTIAL.exec(before);
      box.replaceChildren();
      if (!match) {
        box.hidden = true;
        return;
      }
      var typed = match[1];
      var choices = keys(form).filter(function (key) {
        return key.indexOf(typed) === 0;
      });
      box.hidden = choices.length === 0;
      if (box.hidden) {
        return;
      }
      var label = document.createElement("span");
      label.textContent = "Cite: ";
      box.append(label);
      choices.forEach(function (key) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "cite-key";
        button.textContent = key;
        button.addEventListener("click", function () {
          var at = editor.selectionStart;
          var rest = key.slice(typed.length);
          var after = editor.value.slice(at);
          var close = after.charAt(0) === "]" || after.charAt(0) === ";" ? "" : "]";
          editor.value = editor.value.slice(0, at) + rest + close + after;
          var caret = at + rest.length + close.length;
          editor.focus();
          editor.setSelectionRange(caret, caret);
          editor.dispatchEvent(new Event("input", { bubbles: true }));
          box.hidden = true;
        });
        box.append(button);
      });
    }

    editor.addEventListener("input", offer);
    editor.addEventListener("click", offer);
    editor.addEventListener("keyup", function (event) {
      if (event.key.indexOf("Arrow") === 0) {
        offer();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("article_form");
    if (form) {
      setUp(form);
    }
  });
})();
