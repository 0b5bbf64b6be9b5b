// Look up a reference by DOI, PMID or PMCID in the article form.
//
// The box (#reference-lookup, rendered hidden) is moved under the References
// heading and shown. "Look up" posts the identifier, with the keys typed in
// the form, to the staff endpoint (articles/editorial/lookups.py); on success
// the admin's own "Add another Reference" adds a row (so the management
// form's counts stay right), the fields are filled in, and the row's key gets
// focus. Nothing is saved until the editor saves the form. On failure the
// message is shown and nothing typed is touched.
(function () {
  "use strict";
  var DONE = "Check the filled reference, then save.";
  var OFFLINE = "The look-up could not reach the server; type the reference by hand.";

  function csrfToken(form) {
    var field = form.querySelector("input[name='csrfmiddlewaretoken']");
    return field ? field.value : "";
  }

  function rows(group) {
    return Array.prototype.filter.call(
      group.querySelectorAll(".inline-related"),
      function (row) { return !row.classList.contains("empty-form"); }
    );
  }

  function typedKeys(group) {
    return rows(group).map(function (row) {
      var key = row.querySelector("input[name$='-key']");
      var deleted = row.querySelector("input[name$='-DELETE']:checked");
      return key && !deleted ? key.value.trim() : "";
    }).filter(Boolean);
  }

  function nextPosition(group) {
    var highest = 0;
    rows(group).forEach(function (row) {
      var field = row.querySelector("input[name$='-position']");
      var value = field ? parseInt(field.value, 10) : NaN;
      if (!isNaN(value) && value > highest) {
        highest = value;
      }
    });
    return highest + 1;
  }

  // Press the admin's own add link and return the row it added.
  function addRow(link) {
    var added = null;
    function grab(event) {
      if (event.detail && event.detail.formsetName === "references") {
        added = event.target;
      }
    }
    document.addEventListener("formset:added", grab);
    link.click();
    document.removeEventListener("formset:added", grab);
    return added;
  }

  function fill(row, fields) {
    Object.keys(fields).forEach(function (name) {
      var input = row.querySelector("[name='" + row.id + "-" + name + "']");
      var value = fields[name];
      if (!input) {
        return;
      }
      if (input.type === "checkbox") {
        input.checked = Boolean(value);
      } else {
        input.value = value === null || value === undefined ? "" : String(value);
      }
      input.dispatchEvent(new Event("input", { bubbles: true }));
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }

  function setUp(form, box) {
    var group = document.getElementById("references-group");
    var link = group && group.querySelector(".add-row a");
    var heading = group && group.querySelector(".inline-heading");
    if (!link || !heading) {
      return; // the references cannot be added to here: the box stays hidden
    }
    var input = box.querySelector("input");
    var button = box.querySelector("button");
    var status = box.querySelector("[role='status']");
    var busy = false;
    heading.after(box);
    box.hidden = false;

    function say(lines, failed) {
      status.replaceChildren();
      status.classList.toggle("reference-lookup-failed", Boolean(failed));
      lines.forEach(function (line) {
        var p = document.createElement("p");
        p.textContent = line;
        status.append(p);
      });
    }

    function failed(message) {
      say([message || OFFLINE], true);
      input.focus();
    }

    function filled(body) {
      var row = addRow(link);
      if (!row) {
        failed("No reference row could be added; type the reference by hand.");
        return;
      }
      fill(row, Object.assign({ position: nextPosition(group) }, body.fields));
      say((body.warnings || []).concat([DONE]), false);
      input.value = "";
      var key = row.querySelector("input[name$='-key']");
      row.scrollIntoView({ block: "start" });
      (key || row).focus();
    }

    function lookUp() {
      var identifier = input.value.trim();
      if (busy) {
        return;
      }
      if (!identifier) {
        failed("Type a DOI, PMID or PMCID, or paste its address.");
        return;
      }
      busy = true;
      box.setAttribute("aria-busy", "true");
      say(["Looking up " + identifier + "…"], false);
      var data = new FormData();
      data.append("csrfmiddlewaretoken", csrfToken(form));
      data.append("identifier", identifier);
      data.append("article", box.getAttribute("data-article") || "");
      typedKeys(group).forEach(function (key) { data.append("keys", key); });
      fetch(box.getAttribute("data-url"), {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-Requested-With": "XMLHttpRequest" },
      })
        .then(function (response) {
          return response.json().then(
            function (body) { return { ok: response.ok, body: body }; },
            function () { return { ok: false, body: {} }; }
          );
        })
        .then(function (answer) {
          if (answer.ok && answer.body.fields) {
            filled(answer.body);
          } else {
            failed(answer.body.error);
          }
        })
        .catch(function () { failed(OFFLINE); })
        .finally(function () {
          busy = false;
          box.removeAttribute("aria-busy");
        });
    }

    button.addEventListener("click", lookUp);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault(); // Enter here looks up; it must not save the form
        lookUp();
      }
    });
  }

  function start() {
    var form = document.getElementById("article_form");
    var box = document.getElementById("reference-lookup");
    if (form && box) {
      setUp(form, box);
    }
  }

  // After the admin's inlines.js has added the "Add another" link: it does so
  // in a jQuery ready handler, and ready handlers run in the order given.
  if (window.django && window.django.jQuery) {
    window.django.jQuery(start);
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
})();
