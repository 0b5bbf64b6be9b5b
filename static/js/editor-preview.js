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
