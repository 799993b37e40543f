/* Live counts for the wave page and the room view.
   Polls the page's small JSON document (data-live-url) every few seconds while the tab is
   visible, and copies its texts into place. The server makes every text, through the same
   disclosure rules as a reload, so this script never works a figure out. A text is only
   written when it changed, so the polite live region speaks once per change, not per poll.
   Without JavaScript the page keeps its Refresh link and says so. */
(function () {
  "use strict";
  var root = document.querySelector("[data-live-url]");
  if (!root || !window.fetch) { return; }
  var url = root.getAttribute("data-live-url");
  var seconds = parseInt(root.getAttribute("data-live-seconds"), 10) || 5;
  var status = root.querySelector("[data-live-status]");
  var refresh = root.querySelector("[data-live-refresh]");
  var timer = null;
  var failures = 0;
  var inFlight = false;

  function put(element, text) {
    if (element && typeof text === "string" && element.textContent !== text) {
      element.textContent = text;
    }
  }

  function say(text, offerRefresh) {
    put(status, text);
    if (refresh) { refresh.hidden = !offerRefresh; }
  }

  function apply(data) {
    put(root.querySelector("[data-live-total]"), data.total);
    var cells = root.querySelectorAll("[data-live-link]");
    for (var i = 0; i < cells.length; i++) {
      var texts = data.links[cells[i].getAttribute("data-live-link")];
      if (texts) { put(cells[i], texts[cells[i].getAttribute("data-live-field")]); }
    }
  }

  function poll() {
    timer = null;
    inFlight = true;
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (data) {
        failures = 0;
        apply(data);
        say("Counts update by themselves every " + seconds + " seconds.", false);
      })
      .catch(function () {
        failures += 1;
        say("Counts could not be updated just now.", true);
      })
      .then(function () { inFlight = false; schedule(); });
  }

  function schedule() {
    if (timer === null && !inFlight && !document.hidden) {
      // Back off after failures (a dropped connection, a signed-out session), up to a minute.
      var wait = Math.min(60, seconds * Math.pow(2, Math.min(failures, 4)));
      timer = window.setTimeout(poll, wait * 1000);
    }
  }

  document.addEventListener("visibilitychange", function () {
    if (document.hidden) {
      if (timer !== null) { window.clearTimeout(timer); timer = null; }
    } else if (timer === null && !inFlight) {
      poll();
    }
  });
  say("Counts update by themselves every " + seconds + " seconds.", false);
  schedule();
})();
