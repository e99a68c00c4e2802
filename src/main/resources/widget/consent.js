// The parental consent page: each button posts to the link's JSON calls, then shows the
// new state. The token is the page's own path; nothing else is sent.
(function () {
  'use strict';
  var base = location.pathname.replace(/\/$/, '');
  document.addEventListener('click', function (event) {
    var button = event.target.closest('button[data-action]');
    if (!button) {
      return;
    }
    var action = button.getAttribute('data-action');
    if (action === 'reload') {
      location.reload();
      return;
    }
    button.disabled = true;
    fetch(base + '/' + action, { method: 'POST', credentials: 'omit' })
      .then(function (response) {
        return response.json();
      })
      .then(function (body) {
        if (action === 'parent_session' && body.url) {
          window.open(body.url, '_blank', 'noopener');
          button.disabled = false;
          return;
        }
        location.reload();
      })
      .catch(function () {
        button.disabled = false;
      });
  });
})();
