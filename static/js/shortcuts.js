/* Keyboard shortcuts for coding comments. Every key only does what a link or button on
   the page already does, so the pages work the same without this script; the keys are
   listed on the page ("Keyboard shortcuts"). Keys are ignored while typing in a box or a
   list, and with Ctrl, Alt or Meta held, so browser and screen-reader keys still work. */
(function () {
  "use strict";
  var SENTIMENTS = { "1": "negative", "2": "neutral", "3": "positive" };
  var help = document.getElementById("shortcuts");
  var comments = Array.prototype.slice.call(document.querySelectorAll("[data-comment]"));
  var current = -1;

  var NOT_TYPED = ["checkbox", "radio", "button", "submit", "reset"];

  function typing(target) {
    var name = target && target.tagName;
    if (name === "INPUT") { return NOT_TYPED.indexOf(target.type) === -1; }
    return name === "TEXTAREA" || name === "SELECT" || Boolean(target && target.isContentEditable);
  }

  function follow(rel) {
    var link = document.querySelector('[data-shortcut="' + rel + '"]');
    if (link) { window.location.href = link.href; }
  }

  function focusComment(index) {
    if (!comments.length) { return; }
    current = Math.max(0, Math.min(comments.length - 1, index));
    comments.forEach(function (item, i) { item.classList.toggle("comment-current", i === current); });
    var link = comments[current].querySelector("[data-open]");
    if (link) { link.focus(); }
  }

  function setSentiment(value) {
    var select = document.getElementById("sentiment") || document.getElementById("bulk-sentiment");
    if (!select) { return; }
    select.value = value;
    select.dispatchEvent(new Event("change"));
  }

  function toggleCurrent() {
    if (current < 0) { return; }
    var box = comments[current].querySelector("[data-pick]");
    if (box) { box.checked = !box.checked; }
  }

  var selectAll = document.querySelector("[data-select-all]");
  if (selectAll) {
    selectAll.addEventListener("change", function () {
      document.querySelectorAll("[data-pick]").forEach(function (box) { box.checked = selectAll.checked; });
    });
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.altKey || event.metaKey || typing(event.target)) { return; }
    var key = event.key;
    var handled = true;
    if (key === "?") {
      if (help) { help.open = !help.open; }
    } else if (key === "j") {
      if (comments.length) { focusComment(current + 1); } else { follow("next"); }
    } else if (key === "k") {
      if (comments.length) { focusComment(current - 1); } else { follow("prev"); }
    } else if (key === "x") {
      toggleCurrent();
    } else if (SENTIMENTS[key]) {
      setSentiment(SENTIMENTS[key]);
    } else if (key === "s" && document.getElementById("save-next")) {
      document.getElementById("save-next").click();
    } else {
      handled = false;
    }
    if (handled) { event.preventDefault(); }
  });
})();
