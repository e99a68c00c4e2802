// The hosted verification page. It holds only the session's client secret, which reaches it in
// the URL fragment (never sent to a server) or by postMessage from the merchant's <stile-button>,
// and drives the client-secret API. No framework, no inline code: the page runs under a strict CSP.
(function () {
  'use strict';

  var LANGUAGES = ['en', 'es'];
  var SECRET = /^(vks_[A-Za-z0-9]+)_secret_[A-Za-z0-9]+$/;
  var MAX_UPLOAD = 10 * 1024 * 1024;
  var TERMINAL = { verified: 'stile:verified', failed: 'stile:failed', cancelled: 'stile:cancelled', expired: 'stile:failed' };

  var state = {
    lang: 'en',
    messages: {},
    secret: null,
    session: null,
    notice: null,
    busy: false,
    confirmingCancel: false,
    embedded: window.parent !== window,
    parentOrigin: null,
    initialised: false,
    notified: null,
    stream: null,
    polls: 0,
    consent: null,
    consentPoll: null,
    fatal: null
  };

  var screen = document.getElementById('screen');
  var status = document.getElementById('status');
  var app = document.getElementById('app');
  var languageSelect = document.getElementById('language');

  // ---- text ----

  function t(key, params) {
    var text = Object.prototype.hasOwnProperty.call(state.messages, key) ? state.messages[key] : key;
    if (params) {
      Object.keys(params).forEach(function (name) {
        text = text.split('{' + name + '}').join(String(params[name]));
      });
    }
    return text;
  }

  function loadMessages(lang) {
    return fetch('/widget/messages_' + lang + '.json', { credentials: 'omit' })
      .then(function (response) {
        if (!response.ok) {
          throw new Error('messages ' + response.status);
        }
        return response.json();
      })
      .then(function (messages) {
        state.lang = lang;
        state.messages = messages;
        document.documentElement.lang = lang;
        languageSelect.value = lang;
        document.getElementById('language-label').textContent = t('language.label');
        try {
          sessionStorage.setItem('stile:lang', lang);
        } catch (ignored) {
          // Storage may be off in a third-party frame; the choice then lasts this page only.
        }
      });
  }

  function pickLanguage(requested) {
    var candidates = [requested];
    try {
      candidates.push(sessionStorage.getItem('stile:lang'));
    } catch (ignored) {
      // No storage: fall through to the browser's languages.
    }
    (navigator.languages || [navigator.language]).forEach(function (tag) {
      candidates.push(tag);
    });
    for (var i = 0; i < candidates.length; i++) {
      var code = (candidates[i] || '').slice(0, 2).toLowerCase();
      if (LANGUAGES.indexOf(code) >= 0) {
        return code;
      }
    }
    return 'en';
  }

  // ---- DOM ----

  function h(tag, attributes) {
    var element = document.createElement(tag);
    var attrs = attributes || {};
    Object.keys(attrs).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) {
        return;
      }
      if (name === 'text') {
        element.textContent = value;
      } else if (name === 'onclick' || name === 'onsubmit' || name === 'onchange') {
        element.addEventListener(name.slice(2), value);
      } else if (name === 'className') {
        element.className = value;
      } else {
        element.setAttribute(name, value === true ? '' : value);
      }
    });
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined || child === false) {
        continue;
      }
      element.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return element;
  }

  function announce(text) {
    status.textContent = '';
    window.setTimeout(function () {
      status.textContent = text;
    }, 50);
  }

  // ---- the client-secret API ----

  function ApiError(httpStatus, error) {
    this.status = httpStatus;
    this.code = error && error.code;
    this.message = (error && error.message) || '';
    this.param = error && error.param;
  }

  function api(method, path, body, key) {
    var headers = { Authorization: 'Bearer ' + (key || state.secret) };
    var payload;
    if (body instanceof FormData) {
      payload = body;
    } else if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    return fetch(path, { method: method, headers: headers, body: payload, credentials: 'omit', cache: 'no-store' })
      .catch(function () {
        throw new ApiError(0, { code: 'network' });
      })
      .then(function (response) {
        return response.json().catch(function () {
          return null;
        }).then(function (data) {
          if (!response.ok) {
            throw new ApiError(response.status, data && data.error);
          }
          return data;
        });
      });
  }

  function errorText(error) {
    if (error && error.code === 'network') {
      return t('error.network');
    }
    if (error && (error.code === 'invalid_client_secret' || error.status === 401)) {
      return t('error.invalid_client_secret');
    }
    if (error && error.code === 'session_changed') {
      return t('error.session_changed');
    }
    return t('error.generic');
  }

  // ---- talking to the merchant's page ----

  function notify(type, extra) {
    if (!state.embedded || !state.parentOrigin) {
      return;
    }
    var message = { type: type, session_id: state.session ? state.session.id : null };
    Object.keys(extra || {}).forEach(function (name) {
      message[name] = extra[name];
    });
    window.parent.postMessage(message, state.parentOrigin);
  }

  window.addEventListener('message', function (event) {
    // Only the page that framed us may talk to us; its origin is then the only one we answer.
    if (!state.embedded || event.source !== window.parent || !event.data || typeof event.data !== 'object') {
      return;
    }
    if (event.data.type === 'stile:init' && !state.initialised) {
      state.initialised = true;
      state.parentOrigin = event.origin;
      begin(event.data);
    } else if (event.data.type === 'stile:cancel' && event.origin === state.parentOrigin) {
      cancelNow();
    }
  });

  // ---- starting ----

  function begin(init) {
    if (init.lang && LANGUAGES.indexOf(init.lang) >= 0 && init.lang !== state.lang) {
      loadMessages(init.lang).then(function () {
        begin({ clientSecret: init.clientSecret, publishableKey: init.publishableKey, products: init.products,
          email: init.email, returnUrl: init.returnUrl, cancelUrl: init.cancelUrl });
      });
      return;
    }
    if (init.publishableKey) {
      var body = { products: init.products || '' };
      if (init.email) {
        body.email = init.email;
      }
      if (init.returnUrl) {
        body.return_url = init.returnUrl;
      }
      if (init.cancelUrl) {
        body.cancel_url = init.cancelUrl;
      }
      api('POST', '/v1/widget/sessions', body, init.publishableKey)
        .then(function (created) {
          history.replaceState(null, '', created.verification_path);
          open(created.client_secret);
        })
        .catch(function (error) {
          fatal(t('error.start_failed', { reason: error.message || errorText(error) }));
        });
      return;
    }
    if (init.clientSecret) {
      open(init.clientSecret);
      return;
    }
    fatal(t('error.missing_secret'));
  }

  function open(secret) {
    var match = SECRET.exec(secret || '');
    var pathId = /\/verify\/(vks_[A-Za-z0-9]+)$/.exec(location.pathname);
    if (!match || (pathId && pathId[1] !== match[1])) {
      fatal(t('error.invalid_client_secret'));
      return;
    }
    state.secret = secret;
    try {
      // Survives a reload of this tab without putting the secret in the URL.
      sessionStorage.setItem('stile:cs:' + match[1], secret);
    } catch (ignored) {
      // No storage: a reload then needs the link again.
    }
    if (!pathId) {
      history.replaceState(null, '', '/verify/' + match[1]);
    }
    notify('stile:session');
    api('GET', '/v1/client/session')
      .then(function (session) {
        return session.status === 'created' ? api('POST', '/v1/client/session/start') : session;
      })
      .then(function (session) {
        state.session = session;
        notify('stile:session');
        render(true);
      })
      .catch(function (error) {
        fatal(errorText(error));
      });
  }

  function fatal(text) {
    state.fatal = text;
    render(true);
  }

  // ---- actions ----

  function setBusy(busy) {
    state.busy = busy;
    app.setAttribute('aria-busy', busy ? 'true' : 'false');
    Array.prototype.forEach.call(screen.querySelectorAll('button, input, select'), function (control) {
      control.disabled = busy;
    });
    if (busy) {
      announce(t('checking'));
      var indicator = document.getElementById('busy');
      if (indicator) {
        indicator.classList.remove('hidden');
      }
    }
  }

  function attempt(body) {
    var before = state.session.current_method;
    stopCamera();
    setBusy(true);
    api('POST', '/v1/client/session/attempts', body)
      .then(function (answer) {
        state.session = answer.session;
        var result = answer.result || {};
        if (answer.session.status === 'requires_input') {
          var changed = answer.session.current_method !== before;
          var what = t('result.' + (result.error_code || 'generic'));
          if (what === 'result.' + result.error_code) {
            what = t('result.generic');
          }
          var next = changed
            ? t('next.another', { method: t('method.' + answer.session.current_method) })
            : t('next.retry');
          state.notice = { kind: 'error', text: what + ' ' + next };
        } else {
          state.notice = null;
        }
      })
      .catch(function (error) {
        state.notice = { kind: 'error', text: errorText(error) };
        if (error.status === 409) {
          return reload();
        }
        return null;
      })
      .then(function () {
        setBusy(false);
        render(true);
      });
  }

  function reload() {
    return api('GET', '/v1/client/session').then(function (session) {
      state.session = session;
    });
  }

  function skip() {
    stopCamera();
    setBusy(true);
    api('POST', '/v1/client/session/skip')
      .then(function (session) {
        state.session = session;
        state.notice = { kind: 'info', text: t('notice.skipped', { method: t('method.' + session.current_method) }) };
      })
      .catch(function (error) {
        state.notice = { kind: 'error', text: errorText(error) };
      })
      .then(function () {
        setBusy(false);
        render(true);
      });
  }

  function cancelNow() {
    stopCamera();
    state.confirmingCancel = false;
    if (!state.session || TERMINAL[state.session.status]) {
      notify('stile:close');
      return;
    }
    setBusy(true);
    api('POST', '/v1/client/session/cancel')
      .then(function (session) {
        state.session = session;
        state.notice = null;
      })
      .catch(function (error) {
        state.notice = { kind: 'error', text: errorText(error) };
        return reload().catch(function () {
          return null;
        });
      })
      .then(function () {
        setBusy(false);
        render(true);
      });
  }

  // ---- screens ----

  function render(moveFocus) {
    screen.textContent = '';
    app.setAttribute('aria-busy', 'false');
    var heading;
    if (state.fatal) {
      heading = h('h1', { tabindex: '-1', text: t('done.failed.title') });
      screen.appendChild(heading);
      screen.appendChild(h('div', { className: 'notice error', role: 'alert', text: state.fatal }));
    } else if (!state.session) {
      screen.appendChild(h('p', { className: 'muted' }, h('span', { className: 'spinner', 'aria-hidden': 'true' }), t('loading')));
      return;
    } else if (TERMINAL[state.session.status]) {
      heading = renderDone();
    } else if (state.session.status === 'processing') {
      heading = renderProcessing();
    } else {
      heading = renderMethod();
    }
    document.title = heading.textContent;
    if (moveFocus) {
      var alert = screen.querySelector('.notice[tabindex]');
      (alert || heading).focus();
    }
  }

  function header() {
    var session = state.session;
    var heading = h('h1', { tabindex: '-1', text: t('page.title.' + session.type) });
    screen.appendChild(heading);
    if (!session.livemode) {
      screen.appendChild(h('p', { className: 'test-banner', text: t('test.banner') }));
    }
    if (session.age_tier) {
      screen.appendChild(h('div', { className: 'tier' },
        h('span', { className: 'badge', 'aria-hidden': 'true', text: t('tier.badge.' + session.age_tier) }),
        h('p', { className: 'tier-text', text: t('tier.' + session.age_tier) })));
    }
    if (session.user_message) {
      // The merchant's or the law's own wording, as the session carries it.
      screen.appendChild(h('p', { className: 'user-message', lang: 'en', text: session.user_message }));
    }
    if (session.physical_check_required) {
      screen.appendChild(h('p', { className: 'muted', text: t('physical_check') }));
    }
    return heading;
  }

  function renderProcessing() {
    var heading = header();
    screen.appendChild(h('p', { id: 'busy' }, h('span', { className: 'spinner', 'aria-hidden': 'true' }), t('checking')));
    if (state.polls < 40) {
      state.polls++;
      window.setTimeout(function () {
        reload().then(function () {
          render(false);
        }, function () {
          render(false);
        });
      }, 1500);
    }
    return heading;
  }

  function renderMethod() {
    var session = state.session;
    if (session.current_method !== 'parental_consent') {
      stopConsentPoll();
      state.consent = null;
    }
    var heading = header();
    var method = session.current_method;
    var index = session.methods.indexOf(method) + 1;
    var progressLabel = t('progress', { n: index, total: session.methods.length, method: t('method.' + method) });
    screen.appendChild(h('p', { className: 'progress', id: 'progress-label', text: progressLabel }));
    screen.appendChild(h('progress', { value: String(index), max: String(session.methods.length), 'aria-labelledby': 'progress-label' }));
    if (state.notice) {
      screen.appendChild(h('div', {
        className: 'notice ' + state.notice.kind,
        role: state.notice.kind === 'error' ? 'alert' : 'status',
        tabindex: '-1',
        id: 'notice',
        text: state.notice.text
      }));
    }
    var panel = h('section', { className: 'method', 'aria-labelledby': 'method-title', 'data-method': method },
      h('h2', { id: 'method-title', text: t('method.' + method) }));
    screen.appendChild(panel);
    if (method === 'self_attestation') {
      selfAttestation(panel);
    } else if (method === 'document_capture') {
      documentCapture(panel);
    } else if (method === 'parental_consent') {
      parentalConsent(panel);
    } else if (session.livemode) {
      panel.appendChild(h('p', { text: t('method.unavailable') }));
    } else {
      panel.appendChild(h('p', { className: 'muted', text: t('method.simulated') }));
    }
    if (!session.livemode) {
      screen.appendChild(testPanel(method));
    }
    screen.appendChild(h('p', { id: 'busy', className: 'hidden' }, h('span', { className: 'spinner', 'aria-hidden': 'true' }), t('checking')));
    screen.appendChild(actions());
    return heading;
  }

  function actions() {
    var row = h('div', { className: 'actions' });
    if (state.confirmingCancel) {
      var question = h('p', { id: 'cancel-question', text: t('cancel.question') });
      var yes = h('button', { type: 'button', id: 'cancel-yes', className: 'secondary', onclick: cancelNow, text: t('cancel.yes') });
      var no = h('button', {
        type: 'button',
        id: 'cancel-no',
        onclick: function () {
          state.confirmingCancel = false;
          render(false);
          document.getElementById('cancel').focus();
        },
        text: t('cancel.no')
      });
      var box = h('div', { className: 'notice info', role: 'alertdialog', 'aria-labelledby': 'cancel-question' }, question,
        h('div', { className: 'actions' }, yes, no));
      window.setTimeout(function () {
        no.focus();
      }, 0);
      return box;
    }
    if (state.session.next_method_available) {
      row.appendChild(h('button', { type: 'button', id: 'skip', className: 'secondary', onclick: skip, text: t('action.skip') }));
    }
    row.appendChild(h('button', {
      type: 'button',
      id: 'cancel',
      className: 'link',
      onclick: function () {
        state.confirmingCancel = true;
        render(false);
      },
      text: t('action.cancel')
    }));
    return row;
  }

  function selfAttestation(panel) {
    var error = h('p', { id: 'self-error', className: 'notice error hidden', role: 'alert' });
    var day = h('input', { type: 'text', id: 'birth-day', className: 'day', inputmode: 'numeric', maxlength: '2', autocomplete: 'bday-day', 'aria-describedby': 'self-hint' });
    var month = h('input', { type: 'text', id: 'birth-month', className: 'month', inputmode: 'numeric', maxlength: '2', autocomplete: 'bday-month', 'aria-describedby': 'self-hint' });
    var year = h('input', { type: 'text', id: 'birth-year', className: 'year', inputmode: 'numeric', maxlength: '4', autocomplete: 'bday-year', 'aria-describedby': 'self-hint' });
    var confirm = h('input', { type: 'checkbox', id: 'birth-confirm' });
    var form = h('form', { id: 'self-form', novalidate: true },
      h('p', { text: t('self.intro') }),
      h('fieldset', {},
        h('legend', { text: t('self.legend') }),
        h('p', { id: 'self-hint', className: 'hint', text: t('self.hint') }),
        h('div', { className: 'date' },
          h('div', {}, h('label', { for: 'birth-day', text: t('self.day') }), day),
          h('div', {}, h('label', { for: 'birth-month', text: t('self.month') }), month),
          h('div', {}, h('label', { for: 'birth-year', text: t('self.year') }), year))),
      h('div', { className: 'check' }, confirm, h('label', { for: 'birth-confirm', text: t('self.confirm') })),
      error,
      h('div', { className: 'primary-row' }, h('button', { type: 'submit', id: 'self-submit', text: t('self.submit') })));
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var d = parseInt(day.value, 10);
      var m = parseInt(month.value, 10);
      var y = parseInt(year.value, 10);
      var date = new Date(Date.UTC(y, m - 1, d));
      var valid = /^\d{1,2}$/.test(day.value.trim()) && /^\d{1,2}$/.test(month.value.trim()) && /^\d{4}$/.test(year.value.trim())
        && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d && date.getTime() < Date.now();
      var problem = !valid ? 'self.error.date' : (!confirm.checked ? 'self.error.confirm' : null);
      [day, month, year].forEach(function (input) {
        input.setAttribute('aria-invalid', valid ? 'false' : 'true');
      });
      if (problem) {
        error.textContent = t(problem);
        error.classList.remove('hidden');
        (valid ? confirm : day).focus();
        return;
      }
      var iso = y + '-' + (m < 10 ? '0' : '') + m + '-' + (d < 10 ? '0' : '') + d;
      attempt({ method: 'self_attestation', birth_date: iso, confirm: true });
    });
    panel.appendChild(form);
  }

  function documentCapture(panel) {
    panel.appendChild(h('p', { text: t('doc.intro') }));
    var cameraBox = h('div', { id: 'camera', className: 'camera hidden' });
    var video = h('video', { id: 'camera-video', playsinline: true, muted: true, autoplay: true, 'aria-label': t('doc.camera.video') });
    cameraBox.appendChild(video);
    cameraBox.appendChild(h('div', { className: 'guide', 'aria-hidden': 'true' }));
    cameraBox.appendChild(h('p', { className: 'guide-text', text: t('doc.camera.guide') }));
    var start = h('button', { type: 'button', id: 'camera-start', onclick: startCamera, text: t('doc.camera.start') });
    var capture = h('button', { type: 'button', id: 'camera-capture', className: 'hidden', onclick: function () { takePhoto(video); }, text: t('doc.camera.capture') });
    var stop = h('button', { type: 'button', id: 'camera-stop', className: 'secondary hidden', onclick: function () { stopCamera(); start.focus(); }, text: t('doc.camera.stop') });
    panel.appendChild(cameraBox);
    panel.appendChild(h('div', { className: 'actions' }, start, capture, stop));
    var uploadError = h('p', { id: 'upload-error', className: 'notice error hidden', role: 'alert' });
    var file = h('input', { type: 'file', id: 'document-file', accept: 'image/png,image/jpeg', 'aria-describedby': 'upload-error' });
    var form = h('form', { id: 'upload-form', novalidate: true },
      h('div', { className: 'field' }, h('label', { for: 'document-file', text: t('doc.upload.label') }), file),
      uploadError,
      h('button', { type: 'submit', id: 'upload-submit', className: 'secondary', text: t('doc.upload.submit') }));
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var chosen = file.files && file.files[0];
      var problem = !chosen ? 'doc.upload.missing'
        : (['image/png', 'image/jpeg'].indexOf(chosen.type) < 0 ? 'doc.upload.type'
          : (chosen.size > MAX_UPLOAD ? 'doc.upload.size' : null));
      if (problem) {
        uploadError.textContent = t(problem);
        uploadError.classList.remove('hidden');
        file.focus();
        return;
      }
      upload(chosen, chosen.type);
    });
    panel.appendChild(form);
  }

  function upload(blob, type) {
    var form = new FormData();
    form.append('method', 'document_capture');
    form.append('image', blob, type === 'image/png' ? 'licence.png' : 'licence.jpg');
    attempt(form);
  }

  function startCamera() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      cameraProblem('doc.camera.unavailable');
      return;
    }
    navigator.mediaDevices.getUserMedia({ audio: false, video: { facingMode: { ideal: 'environment' }, width: { ideal: 1920 } } })
      .then(function (stream) {
        state.stream = stream;
        var video = document.getElementById('camera-video');
        if (!video) {
          stopCamera();
          return;
        }
        video.srcObject = stream;
        document.getElementById('camera').classList.remove('hidden');
        document.getElementById('camera-start').classList.add('hidden');
        document.getElementById('camera-capture').classList.remove('hidden');
        document.getElementById('camera-stop').classList.remove('hidden');
        document.getElementById('camera-capture').focus();
      })
      .catch(function () {
        cameraProblem('doc.camera.denied');
      });
  }

  function cameraProblem(key) {
    var error = document.getElementById('upload-error');
    error.textContent = t(key);
    error.classList.remove('hidden');
    document.getElementById('document-file').focus();
  }

  function takePhoto(video) {
    if (!video.videoWidth) {
      return;
    }
    var canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    canvas.getContext('2d').drawImage(video, 0, 0);
    canvas.toBlob(function (blob) {
      if (blob) {
        upload(blob, 'image/jpeg');
      }
    }, 'image/jpeg', 0.92);
  }

  function stopCamera() {
    if (state.stream) {
      state.stream.getTracks().forEach(function (track) {
        track.stop();
      });
      state.stream = null;
    }
    var box = document.getElementById('camera');
    if (box) {
      box.classList.add('hidden');
      document.getElementById('camera-start').classList.remove('hidden');
      document.getElementById('camera-capture').classList.add('hidden');
      document.getElementById('camera-stop').classList.add('hidden');
    }
  }

  // ---- parental_consent: the minor asks a parent, then waits for them ----

  function parentalConsent(panel) {
    if (!state.consent) {
      panel.appendChild(h('p', { className: 'muted' }, h('span', { className: 'spinner', 'aria-hidden': 'true' }), t('loading')));
      api('GET', '/v1/client/session/parental_consent')
        .then(function (answer) {
          state.session = answer.session;
          state.consent = { status: answer.status, email: null, asking: answer.status !== 'pending' };
        })
        .catch(function () {
          state.consent = { status: 'not_requested', email: null, asking: true };
        })
        .then(function () {
          render(false);
        });
      return;
    }
    if (state.consent.asking) {
      consentForm(panel);
    } else {
      consentWaiting(panel);
    }
  }

  function consentForm(panel) {
    stopConsentPoll();
    panel.appendChild(h('p', { text: t('consent.intro') }));
    var error = h('p', { id: 'parent-email-error', className: 'notice error hidden', role: 'alert' });
    var email = h('input', {
      type: 'email',
      id: 'parent-email',
      name: 'parent_email',
      autocomplete: 'off',
      inputmode: 'email',
      spellcheck: 'false',
      maxlength: '254',
      value: state.consent.email || '',
      'aria-describedby': 'parent-email-hint parent-email-error'
    });
    var form = h('form', { id: 'consent-form', novalidate: true },
      h('div', { className: 'field' },
        h('label', { for: 'parent-email', text: t('consent.email.label') }),
        h('p', { id: 'parent-email-hint', className: 'hint', text: t('consent.email.hint') }),
        email),
      error,
      h('div', { className: 'primary-row' }, h('button', { type: 'submit', id: 'consent-submit', text: t('consent.submit') })));
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var address = email.value.trim();
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) {
        fieldError(email, error, t('consent.error.email'));
        return;
      }
      requestConsent(address);
    });
    panel.appendChild(form);
  }

  function fieldError(input, box, text) {
    input.setAttribute('aria-invalid', 'true');
    box.textContent = text;
    box.classList.remove('hidden');
    input.focus();
  }

  function consentErrorText(error) {
    if (error.status === 429) {
      return t('consent.error.too_many');
    }
    if (error.status === 400 && error.param === 'parent_email') {
      return t('consent.error.email');
    }
    if (error.code === 'method_unavailable' || error.code === 'mail_unavailable') {
      return t('consent.error.unavailable');
    }
    return errorText(error);
  }

  function requestConsent(address) {
    setBusy(true);
    api('POST', '/v1/client/session/parental_consent/request', { parent_email: address })
      .then(function (answer) {
        state.session = answer.session;
        state.consent = { status: answer.status, email: address, asking: false };
        state.notice = { kind: 'info', text: t('consent.sent', { email: address }) };
        setBusy(false);
        render(true);
      })
      .catch(function (error) {
        setBusy(false);
        if (error.status === 409 && error.code !== 'method_unavailable') {
          state.notice = { kind: 'error', text: errorText(error) };
          reload().catch(function () {
            return null;
          }).then(function () {
            render(true);
          });
          return;
        }
        state.consent.email = address;
        if (!state.consent.asking) {
          // "Send again" from the waiting screen: the earlier link still works.
          state.notice = { kind: 'error', text: consentErrorText(error) };
          render(true);
          return;
        }
        var input = document.getElementById('parent-email');
        var box = document.getElementById('parent-email-error');
        if (input && box) {
          fieldError(input, box, consentErrorText(error));
        }
      });
  }

  function consentWaiting(panel) {
    panel.appendChild(h('p', { id: 'consent-waiting', className: 'waiting' },
      h('span', { className: 'spinner', 'aria-hidden': 'true' }), t('consent.waiting')));
    panel.appendChild(h('p', { text: state.consent.email ? t('consent.waiting.to', { email: state.consent.email }) : t('consent.waiting.text') }));
    panel.appendChild(h('p', { className: 'muted', text: t('consent.waiting.keep_open') }));
    var again = h('button', {
      type: 'button',
      id: 'consent-again',
      className: 'secondary',
      onclick: function () {
        if (state.consent.email) {
          requestConsent(state.consent.email);
        } else {
          state.consent.asking = true;
          state.notice = null;
          render(false);
          document.getElementById('parent-email').focus();
        }
      },
      text: t('consent.again')
    });
    var other = h('button', {
      type: 'button',
      id: 'consent-other',
      className: 'link',
      onclick: function () {
        state.consent.asking = true;
        state.notice = null;
        render(false);
        document.getElementById('parent-email').focus();
      },
      text: t('consent.other_address')
    });
    panel.appendChild(h('div', { className: 'actions' }, again, other));
    startConsentPoll();
  }

  function startConsentPoll() {
    if (state.consentPoll) {
      return;
    }
    var started = Date.now();
    var tick = function () {
      // Every 3 seconds for the first 10 minutes, then every 15: a parent may take a while.
      var delay = Date.now() - started < 10 * 60 * 1000 ? 3000 : 15000;
      state.consentPoll = window.setTimeout(function () {
        api('GET', '/v1/client/session/parental_consent')
          .then(consentChanged, function () {
            return null;
          })
          .then(function () {
            if (state.consentPoll) {
              tick();
            }
          });
      }, delay);
    };
    tick();
  }

  function stopConsentPoll() {
    if (state.consentPoll) {
      window.clearTimeout(state.consentPoll);
      state.consentPoll = null;
    }
  }

  function consentChanged(answer) {
    if (!state.consentPoll || !state.consent || state.consent.asking || state.busy) {
      return;
    }
    var session = answer.session;
    var moved = session.status !== state.session.status || session.current_method !== state.session.current_method;
    if (answer.status === 'pending' && !moved) {
      return;
    }
    stopConsentPoll();
    state.session = session;
    if (TERMINAL[session.status]) {
      state.notice = null;
    } else if (session.current_method !== 'parental_consent') {
      var what = t('consent.result.' + answer.status);
      if (what === 'consent.result.' + answer.status) {
        what = t('result.generic');
      }
      state.notice = { kind: 'error', text: what + ' ' + t('next.another', { method: t('method.' + session.current_method) }) };
    } else {
      state.consent = { status: answer.status, email: state.consent.email, asking: true };
      state.notice = { kind: 'error', text: t('consent.result.' + answer.status) };
    }
    render(true);
  }

  function testPanel(method) {
    var outcomes = ['verified', 'failed', 'requires_input'];
    var radios = h('div', { className: 'radios' });
    outcomes.forEach(function (outcome, i) {
      radios.appendChild(h('label', {},
        h('input', { type: 'radio', name: 'test-outcome', id: 'test-outcome-' + outcome, value: outcome, checked: i === 0 }),
        t('test.outcome.' + outcome)));
    });
    var age = h('input', { type: 'number', id: 'test-age', min: '0', max: '130', value: '30', inputmode: 'numeric' });
    var form = h('form', { id: 'test-form', className: 'test-panel-form', novalidate: true },
      h('fieldset', { className: 'test-panel' },
        h('legend', { text: t('test.legend') }),
        radios,
        h('div', { className: 'field' }, h('label', { for: 'test-age', text: t('test.age') }), age),
        h('div', { className: 'primary-row' },
          h('button', { type: 'submit', id: 'test-submit', text: t('test.submit', { method: t('method.' + method) }) }))));
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var chosen = form.querySelector('input[name="test-outcome"]:checked');
      var years = parseInt(age.value, 10);
      var body = { method: method, test_outcome: chosen ? chosen.value : 'verified' };
      if (!isNaN(years)) {
        body.test_age = Math.max(0, Math.min(130, years));
      }
      attempt(body);
    });
    return form;
  }

  function renderDone() {
    var session = state.session;
    var outcome = session.status;
    var done = h('div', { className: 'done ' + outcome, 'data-outcome': outcome });
    var heading = h('h1', { tabindex: '-1', text: t('done.' + outcome + '.title') });
    done.appendChild(h('div', { className: 'icon', 'aria-hidden': 'true', text: outcome === 'verified' ? '✓' : (outcome === 'cancelled' ? '–' : '!') }));
    done.appendChild(heading);
    done.appendChild(h('p', { text: t('done.' + outcome + '.text') }));
    screen.appendChild(done);
    stopConsentPoll();
    if (state.notified !== outcome) {
      state.notified = outcome;
      stopCamera();
      notify(TERMINAL[outcome], { status: outcome });
      announce(t('done.' + outcome + '.title'));
    }
    var row = h('div', { className: 'actions' });
    if (state.embedded && state.parentOrigin) {
      row.appendChild(h('button', { type: 'button', id: 'close', onclick: function () { notify('stile:close'); }, text: t('done.close') }));
    } else {
      var target = outcome === 'cancelled' ? (session.cancel_url || session.return_url) : session.return_url;
      if (target && /^https?:\/\//i.test(target)) {
        row.appendChild(h('a', { className: 'button', id: 'continue', href: target, text: t('done.continue') }));
        done.appendChild(h('p', { className: 'muted', text: t('done.redirecting') }));
        window.setTimeout(function () {
          location.assign(target);
        }, 2500);
      }
    }
    done.appendChild(row);
    return heading;
  }

  // ---- boot ----

  languageSelect.addEventListener('change', function () {
    loadMessages(languageSelect.value).then(function () {
      render(false);
    });
  });

  var fragment = new URLSearchParams(location.hash.slice(1));
  if (location.hash) {
    // The fragment may carry the client secret: keep it out of the history and the address bar.
    history.replaceState(null, '', location.pathname);
  }
  loadMessages(pickLanguage(fragment.get('lang'))).catch(function () {
    return loadMessages('en');
  }).then(function () {
    var pathId = /\/verify\/(vks_[A-Za-z0-9]+)$/.exec(location.pathname);
    var stored = null;
    try {
      stored = pathId ? sessionStorage.getItem('stile:cs:' + pathId[1]) : null;
    } catch (ignored) {
      // No storage.
    }
    var fromUrl = {
      clientSecret: fragment.get('cs') || stored,
      publishableKey: fragment.get('pk'),
      products: fragment.get('products'),
      email: fragment.get('email'),
      returnUrl: fragment.get('return_url'),
      cancelUrl: fragment.get('cancel_url')
    };
    render(false);
    if (state.embedded) {
      // The framing page answers with stile:init; its origin is the only one we talk to.
      window.parent.postMessage({ type: 'stile:ready' }, '*');
      window.setTimeout(function () {
        if (!state.initialised) {
          state.initialised = true;
          if (fromUrl.clientSecret || fromUrl.publishableKey) {
            begin(fromUrl);
          } else {
            fatal(t('error.missing_secret'));
          }
        }
      }, 5000);
    } else {
      state.initialised = true;
      begin(fromUrl);
    }
  });
}());
