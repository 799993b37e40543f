/* Draws every chart whose figure JSON sits in the page. Loaded only on staff dashboards. */
(function () {
  "use strict";
  var nodes = document.querySelectorAll('script[type="application/json"][data-chart]');
  Array.prototype.forEach.call(nodes, function (node) {
    var target = document.getElementById(node.getAttribute("data-chart"));
    var figure = JSON.parse(node.textContent);
    window.Plotly.newPlot(target, figure.data, figure.layout,
      { displaylogo: false, responsive: true, displayModeBar: false }).then(function () {
      // Points that carry an address (this site's own, starting with one "/") open it.
      target.on("plotly_click", function (event) {
        var url = event.points && event.points[0] && event.points[0].customdata;
        if (typeof url === "string" && url.charAt(0) === "/" && url.charAt(1) !== "/") {
          window.location.assign(url);
        }
      });
    });
  });
})();
