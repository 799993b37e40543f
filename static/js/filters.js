/* Cascading dashboard filters: once an organisation is chosen, the group list offers only
   its groups (the server drops a group that does not belong, for pages without scripts). */
(function () {
  "use strict";
  var organisation = document.getElementById("organisation");
  var group = document.getElementById("group");
  if (!organisation || !group) { return; }
  var all = Array.prototype.slice.call(group.querySelectorAll("option[data-organisation]"));
  function cascade() {
    var chosen = organisation.value;
    all.forEach(function (option) {
      var fits = !chosen || option.getAttribute("data-organisation") === chosen;
      if (fits && !option.parentNode) { group.appendChild(option); }
      if (!fits && option.parentNode) {
        if (option.selected) { group.value = ""; }
        option.parentNode.removeChild(option);
      }
    });
  }
  organisation.addEventListener("change", cascade);
  cascade();
})();
