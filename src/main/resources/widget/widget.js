// <stile-button>: the one tag a merchant puts on a page. It opens Stile's hosted verification page
// in a modal iframe (or redirects to it) and fires stile:verified, stile:failed and stile:cancelled
// on itself with the session id. These events can be spoofed by anyone who controls the page:
// decide on the webhook (or a retrieve with the secret key), never on the event alone.
(function () {
  'use strict';
  if (!window.customElements || window.customElements.get('stile-button')) {
    return;
  }
  var script = document.currentScript;
  var ORIGIN = new URL(script ? script.src : '/', location.href).origin;
  var LABELS = { en: 'Verify your age', es: 'Verifica tu edad' };
  var CLOSE = { en: 'Close verification', es: 'Cerrar la verificación' };
  var TITLE = { en: 'Age verification', es: 'Verificación de edad' };
  var OUTCOMES = ['stile:verified', 'stile:failed', 'stile:cancelled'];

  function sheet(text) {
    // Constructed style sheets are not inline styles, so a merchant's strict CSP allows them.
    try {
      var css = new CSSStyleSheet();
      css.replaceSync(text);
      return [css];
    } catch (ignored) {
      return [];
    }
  }

  var BUTTON_CSS = sheet(
    ':host { display: inline-block; }' +
    'button { font: inherit; font-weight: 600; min-height: 2.75rem; padding: 0.5rem 1.25rem; border-radius: 0.5rem;' +
    ' border: 2px solid #1d4ed8; background: #1d4ed8; color: #fff; cursor: pointer; }' +
    'button:focus-visible { outline: 3px solid #1f2328; outline-offset: 2px; }' +
    'button:disabled { opacity: 0.6; cursor: progress; }');

  var DIALOG_CSS = sheet(
    '.backdrop { position: fixed; inset: 0; z-index: 2147483000; background: rgba(17, 24, 39, 0.6);' +
    ' display: flex; align-items: center; justify-content: center; }' +
    '.dialog { display: flex; flex-direction: column; width: min(30rem, 100vw); height: min(48rem, 100vh);' +
    ' background: #f3f4f6; border-radius: 0.75rem; overflow: hidden; box-shadow: 0 10px 30px rgba(0, 0, 0, 0.35); }' +
    '@media (max-width: 30rem) { .dialog { border-radius: 0; width: 100vw; height: 100vh; } }' +
    '.bar { flex: none; display: flex; justify-content: flex-end; background: #fff; border-bottom: 1px solid #d1d5db; }' +
    'iframe { flex: 1; border: 0; width: 100%; display: block; }' +
    '.close { width: 2.75rem; height: 2.75rem; border: 0; border-radius: 50%; background: #fff; color: #1f2328;' +
    ' font: 700 1.5rem/1 system-ui, sans-serif; cursor: pointer; }' +
    '.close:focus-visible { outline: 3px solid #1d4ed8; outline-offset: -3px; }');

  function language(element) {
    var tag = (element.getAttribute('lang') || document.documentElement.lang || navigator.language || 'en').slice(0, 2).toLowerCase();
    return LABELS[tag] ? tag : 'en';
  }

  function returnable(url) {
    // Test mode accepts http only on localhost; anything else must be https.
    var parsed = new URL(url);
    return parsed.protocol === 'https:' || /^(localhost|127\.0\.0\.1|\[::1\])$/.test(parsed.hostname) ? url : null;
  }

  function StileButton() {
    return Reflect.construct(HTMLElement, [], StileButton);
  }
  StileButton.prototype = Object.create(HTMLElement.prototype);
  StileButton.prototype.constructor = StileButton;
  Object.setPrototypeOf(StileButton, HTMLElement);

  StileButton.prototype.connectedCallback = function () {
    if (this.shadowRoot) {
      return;
    }
    var root = this.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = BUTTON_CSS;
    var button = document.createElement('button');
    button.type = 'button';
    button.setAttribute('part', 'button');
    button.textContent = this.getAttribute('label') || LABELS[language(this)];
    button.addEventListener('click', this.open.bind(this));
    root.appendChild(button);
    this._button = button;
  };

  StileButton.prototype.disconnectedCallback = function () {
    this.close();
  };

  /** Starts the verification, as a click on the button does. */
  StileButton.prototype.open = function () {
    if (this._dialog) {
      return;
    }
    var secret = this.getAttribute('client-secret');
    var key = this.getAttribute('publishable-key');
    if (!secret && !key) {
      throw new Error('<stile-button> needs a publishable-key (with products) or a client-secret attribute.');
    }
    var lang = language(this);
    var init = { type: 'stile:init', lang: lang };
    var path;
    if (secret) {
      path = '/verify/' + secret.split('_secret_')[0];
      init.clientSecret = secret;
    } else {
      path = '/verify/new';
      init.publishableKey = key;
      init.products = this.getAttribute('products') || '';
      var selector = this.getAttribute('email-selector');
      var field = selector ? document.querySelector(selector) : null;
      if (field && field.value && field.value.trim()) {
        init.email = field.value.trim();
      }
    }
    if ((this.getAttribute('mode') || 'modal') === 'redirect') {
      var here = returnable(location.href);
      var fragment = new URLSearchParams({ lang: lang });
      if (secret) {
        fragment.set('cs', secret);
      } else {
        fragment.set('pk', key);
        fragment.set('products', init.products);
        if (init.email) {
          fragment.set('email', init.email);
        }
        if (here) {
          fragment.set('return_url', here);
          fragment.set('cancel_url', here);
        }
      }
      // The fragment never reaches a server; the hosted page removes it at once.
      location.assign(ORIGIN + path + '#' + fragment.toString());
      return;
    }
    this._modal(path, init, lang);
  };

  StileButton.prototype._modal = function (path, init, lang) {
    var self = this;
    var host = document.createElement('div');
    host.setAttribute('data-stile-dialog', '');
    var root = host.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = DIALOG_CSS;
    var backdrop = document.createElement('div');
    backdrop.className = 'backdrop';
    var dialog = document.createElement('div');
    dialog.className = 'dialog';
    dialog.setAttribute('role', 'dialog');
    dialog.setAttribute('aria-modal', 'true');
    dialog.setAttribute('aria-label', TITLE[lang]);
    var first = document.createElement('div');
    var last = document.createElement('div');
    first.tabIndex = 0;
    last.tabIndex = 0;
    var close = document.createElement('button');
    close.type = 'button';
    close.className = 'close';
    close.setAttribute('aria-label', CLOSE[lang]);
    close.textContent = '×';
    var frame = document.createElement('iframe');
    frame.title = TITLE[lang];
    frame.setAttribute('allow', 'camera');
    frame.src = ORIGIN + path;
    // Focus stays inside the dialog: leaving either end wraps around.
    first.addEventListener('focus', function () {
      frame.focus();
    });
    last.addEventListener('focus', function () {
      close.focus();
    });
    close.addEventListener('click', function () {
      self._dismiss();
    });
    dialog.addEventListener('keydown', function (event) {
      if (event.key === 'Escape') {
        self._dismiss();
      }
    });
    var bar = document.createElement('div');
    bar.className = 'bar';
    bar.appendChild(close);
    dialog.appendChild(first);
    dialog.appendChild(bar);
    dialog.appendChild(frame);
    dialog.appendChild(last);
    backdrop.appendChild(dialog);
    root.appendChild(backdrop);
    document.body.appendChild(host);
    this._dialog = { host: host, frame: frame, sessionId: null, outcome: null, overflow: document.documentElement.style.overflow };
    document.documentElement.style.overflow = 'hidden';
    this._listener = function (event) {
      // Only the hosted page in our own frame, from the Stile server's origin, is listened to.
      if (!self._dialog || event.source !== frame.contentWindow || event.origin !== ORIGIN || !event.data) {
        return;
      }
      var message = event.data;
      if (message.session_id) {
        self._dialog.sessionId = message.session_id;
      }
      if (message.type === 'stile:ready') {
        frame.contentWindow.postMessage(init, ORIGIN);
      } else if (OUTCOMES.indexOf(message.type) >= 0) {
        self._outcome(message.type, message.status);
        if (self._dialog.closing) {
          self.close();
        }
      } else if (message.type === 'stile:close') {
        self.close();
      }
    };
    window.addEventListener('message', this._listener);
    frame.focus();
  };

  StileButton.prototype._outcome = function (type, status) {
    if (!this._dialog || this._dialog.outcome) {
      return;
    }
    this._dialog.outcome = type;
    this.dispatchEvent(new CustomEvent(type, {
      bubbles: true,
      composed: true,
      detail: { sessionId: this._dialog.sessionId, status: status || type.slice(6) }
    }));
  };

  // The close button: the hosted page cancels the session, then answers stile:cancelled.
  StileButton.prototype._dismiss = function () {
    var self = this;
    var dialog = this._dialog;
    if (!dialog) {
      return;
    }
    if (dialog.outcome || !dialog.sessionId) {
      if (!dialog.outcome) {
        this._outcome('stile:cancelled', 'cancelled');
      }
      this.close();
      return;
    }
    dialog.closing = true;
    dialog.frame.contentWindow.postMessage({ type: 'stile:cancel' }, ORIGIN);
    window.setTimeout(function () {
      if (self._dialog === dialog) {
        self._outcome('stile:cancelled', 'cancelled');
        self.close();
      }
    }, 4000);
  };

  /** Closes the dialog, if open, and gives the focus back to the button. */
  StileButton.prototype.close = function () {
    if (!this._dialog) {
      return;
    }
    window.removeEventListener('message', this._listener);
    document.documentElement.style.overflow = this._dialog.overflow;
    this._dialog.host.remove();
    this._dialog = null;
    if (this._button && this.isConnected) {
      this._button.focus();
    }
  };

  window.customElements.define('stile-button', StileButton);
}());
