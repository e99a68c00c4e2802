// Records the widget's DOM events where the browser test can read them.
(function () {
  'use strict';
  var list = document.getElementById('events');
  ['stile:verified', 'stile:failed', 'stile:cancelled'].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var item = document.createElement('li');
      item.setAttribute('data-type', type);
      item.setAttribute('data-session', event.detail.sessionId || '');
      item.textContent = type + ' ' + event.detail.sessionId + ' (' + event.detail.status + ')';
      list.appendChild(item);
    });
  });
}());
