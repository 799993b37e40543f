/* Draws every chart whose figure JSON sits in the page. Loaded only on staff dashboards,
   deferred, so the sentences and tables show first. Charts on screen are drawn first, then
   the rest one at a time, each in its own task: a phone draws eleven charts in seconds,
   and the page must answer a tap or a scroll meanwhile. Printing draws whatever is left. */
(function () {
  "use strict";
  var pending = Array.prototype.map.call(
    document.querySelectorAll('script[type="application/json"][data-chart]'),
    function (node) {
      return { node: node, target: document.getElementById(node.getAttribute("data-chart")) };
    }
  );
  var started = false;

  function draw(item) {
    var figure = JSON.parse(item.node.textContent);
    return window.Plotly.newPlot(item.target, figure.data, figure.layout,
      { displaylogo: false, responsive: true, displayModeBar: false }).then(function () {
      // Points that carry an address (this site's own, starting with one "/") open it.
      item.target.on("plotly_click", function (event) {
        var url = event.points && event.points[0] && event.points[0].customdata;
        if (typeof url === "string" && url.charAt(0) === "/" && url.charAt(1) !== "/") {
          window.location.assign(url);
        }
      });
    });
  }

  function next() {
    if (!pending.length) { return; }
    var index = 0;
    for (var i = 0; i < pending.length; i += 1) {
      if (pending[i].onScreen) { index = i; break; }
    }
    var item = pending.splice(index, 1)[0];
    draw(item).then(function () { window.setTimeout(next, 0); });
  }

  function start() {
    if (!started) { started = true; next(); }
  }

  if ("IntersectionObserver" in window) {
    var observer = new window.IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) { return; }
        observer.unobserve(entry.target);
        pending.forEach(function (item) {
          if (item.target === entry.target) { item.onScreen = true; }
        });
      });
      start();
    }, { rootMargin: "200px 0px" });
    pending.forEach(function (item) { observer.observe(item.target); });
  } else {
    start();
  }
  window.addEventListener("beforeprint", function () {
    while (pending.length) { draw(pending.shift()); }
  });
})();
