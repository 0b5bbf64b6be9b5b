// "Was this article helpful?" without leaving the page. The forms work without
// this script: it only sends them with fetch and shows the answer in place.
(function () {
  "use strict";
  var box = document.querySelector("[data-feedback]");
  if (!box || !window.fetch || !window.FormData) {
    return;
  }
  var panel = box.querySelector(".feedback-panel");

  function say(text, isError) {
    panel.textContent = "";
    var p = document.createElement("p");
    p.textContent = text;
    if (isError) {
      p.className = "feedback-error";
    }
    panel.appendChild(p);
  }

  function send(form, submitter) {
    var data = new FormData(form);
    if (submitter && submitter.name) {
      data.append(submitter.name, submitter.value);
    }
    return fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    }).then(function (response) {
      return response.json().then(function (body) {
        return { ok: response.ok, body: body };
      });
    });
  }

  function failed() {
    say("Sorry, your feedback could not be sent. Please try again later.", true);
  }

  function showErrors(form, result) {
    var fields = result.body.fields || {};
    var messages = [result.body.error || "Please check your answers."];
    Object.keys(fields).forEach(function (name) {
      fields[name].forEach(function (e) { messages.push(e.message); });
    });
    var old = form.querySelector(".feedback-error[role=alert]");
    if (old) { old.remove(); }
    var alertBox = document.createElement("div");
    alertBox.className = "feedback-error";
    alertBox.setAttribute("role", "alert");
    messages.forEach(function (m) {
      var p = document.createElement("p");
      p.textContent = m;
      alertBox.appendChild(p);
    });
    form.prepend(alertBox);
  }

  // The button that sent the form. event.submitter is missing before Safari
  // 15.4, so remember the last submit button clicked (Enter in a field clicks
  // the form's first button too).
  function trackSubmitter(form) {
    var clicked = null;
    form.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("button");
      if (button && button.type === "submit" && button.form === form) {
        clicked = button;
      }
    });
    return function (event) {
      var button = event.submitter || clicked;
      clicked = null;
      return button;
    };
  }

  function wireDetails(form) {
    var submitter = trackSubmitter(form);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      send(form, submitter(event)).then(function (result) {
        if (result.ok) {
          form.remove();
          say(result.body.message);
        } else if (result.body.fields) {
          showErrors(form, result);
        } else {
          say(result.body.error, true);
        }
      }).catch(failed);
    });
  }

  var voteForm = box.querySelector(".feedback-vote");
  var voteButton = trackSubmitter(voteForm);
  voteForm.addEventListener("submit", function (event) {
    event.preventDefault();
    send(voteForm, voteButton(event)).then(function (result) {
      if (!result.ok) {
        say(result.body.error, true);
        return;
      }
      voteForm.hidden = true;
      if (!result.body.form_html) {
        say(result.body.message);
        return;
      }
      say("Thank you. If something was wrong, you can tell us more below.");
      var holder = document.createElement("div");
      holder.innerHTML = result.body.form_html; // rendered and escaped by Django
      var details = holder.querySelector("form");
      panel.appendChild(details);
      wireDetails(details);
      var first = details.querySelector("input:not([tabindex='-1']), textarea");
      if (first) { first.focus(); }
    }).catch(failed);
  });
})();
