/* Review comments: quote the words selected in the text, and mark quoted passages.
 *
 * Selecting words in the rendered revision puts them in the new comment's
 * "Passage" box (the server checks they are in the revision as readers see it).
 * Open threads' passages are marked in the text with the CSS Custom Highlight
 * API, which changes no markup; a browser without it simply shows no marks.
 */
(function () {
  "use strict";
  var text = document.querySelector(".rendered-article");
  var box = document.querySelector(".new-comment textarea[name=passage]");
  var status = document.querySelector(".new-comment .quoted-status");
  var squash = function (s) { return s.replace(/\s+/g, " ").trim(); };

  function quoteSelection() {
    var selection = window.getSelection();
    if (!box || !selection || selection.isCollapsed || !selection.rangeCount) return;
    var range = selection.getRangeAt(0);
    if (!text.contains(range.commonAncestorContainer)) return;
    var words = squash(selection.toString());
    if (!words) return;
    box.value = words.slice(0, 1000);
    if (status) status.textContent = "Quoted in the comment form: " + box.value.slice(0, 80);
  }

  function rangeOf(passage) {
    // Walk the text nodes, squashing spaces as the server does, to find PASSAGE.
    var walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
    var flat = "", map = [], node, i, c, lastSpace = true;
    while ((node = walker.nextNode())) {
      for (i = 0; i < node.data.length; i++) {
        c = node.data[i];
        if (/\s/.test(c)) {
          if (lastSpace) continue;
          c = " ";
          lastSpace = true;
        } else {
          lastSpace = false;
        }
        flat += c;
        map.push([node, i]);
      }
    }
    var at = flat.indexOf(passage);
    if (at < 0) return null;
    var start = map[at], end = map[at + passage.length - 1];
    var range = document.createRange();
    range.setStart(start[0], start[1]);
    range.setEnd(end[0], end[1] + 1);
    return range;
  }

  function markPassages() {
    if (!window.CSS || !CSS.highlights || typeof Highlight === "undefined") return;
    var ranges = [];
    document.querySelectorAll(".comment-thread[data-passage]").forEach(function (thread) {
      var range = rangeOf(squash(thread.getAttribute("data-passage")));
      if (range) ranges.push(range);
    });
    if (ranges.length) CSS.highlights.set("comment-passage", new Highlight(...ranges));
  }

  if (!text) return;
  text.addEventListener("mouseup", quoteSelection);
  text.addEventListener("keyup", quoteSelection);
  markPassages();
})();
