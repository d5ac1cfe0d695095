/* app.js — small progressive enhancements for the staff app. Loaded with defer; no inline
 * scripts (CSP). Every page works without it: this only asks before irreversible steps,
 * stops double submits, keeps optional notes out of the way, names chosen files, offers the
 * phone's camera and recorder, and sends large files ahead of their form in resumable chunks
 * (/api/v1/uploads) with a progress bar, posting their ids with the form instead. */
(function () {
    'use strict';

    /* ---- print buttons (a certificate's card) ------------------------------------------- */

    document.addEventListener('click', function (ev) {
        var b = ev.target instanceof Element && ev.target.closest('[data-print]');
        if (b)
            window.print();
    });

    /* ---- exports: the file fetched with its progress shown, then saved ------------------- */

    /* "导出 Excel" and "导出 CSV" links: while the server builds the file the link says so,
     * then a bar shows the bytes arriving; the file is saved under the server's name. Without
     * JavaScript (or fetch streams) the link simply downloads. */
    function exportName(res, href) {
        var cd = res.headers.get('Content-Disposition') || '';
        var m = /filename\*=UTF-8''([^;]+)/i.exec(cd);
        if (m) {
            try { return decodeURIComponent(m[1]); } catch (e) { /* fall through */ }
        }
        m = /filename="([^"]+)"/i.exec(cd);
        return m ? m[1] : href.split('/').pop().split('?')[0];
    }

    document.addEventListener('click', function (ev) {
        var a = ev.target instanceof Element && ev.target.closest('a[data-export]');
        if (!a || !window.fetch || !window.ReadableStream || ev.defaultPrevented ||
            ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey)
            return;
        ev.preventDefault();
        if (a.getAttribute('aria-busy') === 'true')
            return;
        var label = a.textContent;
        var box = document.createElement('span');
        box.className = 'export-progress';
        box.setAttribute('role', 'status');
        box.innerHTML = '<progress></progress><span>正在生成文件…</span>';
        a.after(box);
        a.setAttribute('aria-busy', 'true');
        var bar = box.querySelector('progress'), text = box.querySelector('span');
        var done = function (msg) {
            a.removeAttribute('aria-busy');
            a.textContent = label;
            if (msg) {
                box.classList.add('failed');
                text.textContent = msg;
            } else {
                box.remove();
            }
        };
        fetch(a.href, { credentials: 'same-origin' }).then(function (res) {
            /* signed out meanwhile: the sign-in page came instead of the file */
            if (res.redirected || /^text\/html/.test(res.headers.get('Content-Type') || '')) {
                window.location.href = a.href;
                throw new Error('请重新登录后导出');
            }
            if (!res.ok)
                throw new Error(res.status === 400 ? '筛选条件有误，无法导出'
                                : res.status === 413 ? '导出的数据过多，请缩小筛选范围后再导出'
                                : '导出失败，请稍后重试');
            var total = Number(res.headers.get('Content-Length')) || 0;
            var name = exportName(res, a.href), type = res.headers.get('Content-Type') || '';
            var reader = res.body.getReader(), parts = [], got = 0;
            bar.max = total || 1;
            function pump() {
                return reader.read().then(function (r) {
                    if (r.done)
                        return new Blob(parts, { type: type });
                    parts.push(r.value);
                    got += r.value.length;
                    bar.value = total ? got : 0;
                    text.textContent = total ? '正在下载 ' + Math.floor(got * 100 / total) + '%'
                                             : '正在下载 ' + Math.round(got / 1024) + ' KB';
                    return pump();
                });
            }
            return pump().then(function (blob) {
                var url = URL.createObjectURL(blob), save = document.createElement('a');
                save.href = url;
                save.download = name;
                document.body.appendChild(save);
                save.click();
                save.remove();
                setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
                done(null);
            });
        }).catch(function (err) {
            done(err.message || '导出失败，请稍后重试');
        });
    });

    /* ---- forms: confirm, then submit once ------------------------------------------------ */

    function submitButtons(form) {
        return form.querySelectorAll('button:not([type]), button[type="submit"], input[type="submit"]');
    }

    function resetForm(form) {
        delete form.dataset.submitting;
        submitButtons(form).forEach(function (b) {
            b.disabled = false;
            b.removeAttribute('aria-busy');
        });
    }

    document.addEventListener('submit', function (ev) {
        var form = ev.target;
        if (!(form instanceof HTMLFormElement) || ev.defaultPrevented)
            return;
        if (form.dataset.submitting) {
            ev.preventDefault();
            return;
        }
        var question = form.getAttribute('data-confirm');
        if (question && !window.confirm(question)) {
            ev.preventDefault();
            return;
        }
        form.dataset.submitting = '1';
        var pressed = ev.submitter;
        var big = chunkedFiles(form);
        if (big.length) {
            /* the large files go first, in chunks; then the form, with their ids */
            ev.preventDefault();
            busy(form, pressed);
            sendChunked(form, big).then(function () {
                if (pressed && pressed.name)
                    hidden(form, pressed.name, pressed.value);
                HTMLFormElement.prototype.submit.call(form);
            }, function (err) {
                progressOf(form).fail(err.message);
                resetForm(form);
            });
            return;
        }
        busy(form, pressed);
    });

    /* Disabled after this turn, so the pressed button still goes with the form data. */
    function busy(form, pressed) {
        window.setTimeout(function () {
            submitButtons(form).forEach(function (b) {
                b.disabled = true;
                if (b === pressed || !pressed)
                    b.setAttribute('aria-busy', 'true');
            });
        }, 0);
    }

    /* Back/forward cache brings the page back as it was left: with its buttons disabled. */
    window.addEventListener('pageshow', function (ev) {
        if (ev.persisted)
            document.querySelectorAll('form[data-submitting]').forEach(resetForm);
    });

    /* ---- transitions whose only inputs are optional notes stay compact ------------------- */

    function compactTransition(form) {
        var fields = form.querySelectorAll('input:not([type="hidden"]), select, textarea');
        if (!fields.length)
            return;
        for (var i = 0; i < fields.length; i++)
            if (fields[i].tagName !== 'TEXTAREA' || fields[i].required || fields[i].value)
                return;
        var label = fields[0].closest('label');
        var name = label ? label.firstChild.textContent.replace(/（可选）\s*$/, '').trim() : '';
        var toggle = document.createElement('button');
        toggle.type = 'button';
        toggle.className = 'linkish';
        toggle.textContent = '＋ 填写' + (name || '说明');
        toggle.setAttribute('aria-expanded', 'false');
        var step = form.querySelector('button[type="submit"]');
        if (step)
            toggle.setAttribute('aria-label', '为“' + step.textContent.trim() + '”' + toggle.textContent.slice(2));
        toggle.addEventListener('click', function () {
            form.classList.add('open');
            toggle.setAttribute('aria-expanded', 'true');
            fields[0].focus();
        });
        form.classList.add('compact');
        form.appendChild(toggle);
    }

    /* ---- file inputs list the chosen files ----------------------------------------------- */

    function sizeText(n) {
        if (n < 1024)
            return n + ' B';
        if (n < 1024 * 1024)
            return (n / 1024).toFixed(0) + ' KB';
        return (n / 1024 / 1024).toFixed(1) + ' MB';
    }

    function fileList(input) {
        var list = document.createElement('ul');
        list.className = 'file-list';
        list.setAttribute('aria-live', 'polite');
        input.insertAdjacentElement('afterend', list);
        input.addEventListener('change', function () {
            list.textContent = '';
            Array.prototype.forEach.call(input.files || [], function (f) {
                var li = document.createElement('li');
                li.textContent = f.name;
                var size = document.createElement('span');
                size.className = 'size';
                size.textContent = sizeText(f.size) + (f.size > CHUNKED_ABOVE ? '，提交时分段上传' : '');
                li.appendChild(size);
                list.appendChild(li);
            });
        });
    }

    /* ---- the phone's camera and recorder: buttons that add what they take to the input --- */

    /* Whether a file input's list can be rebuilt (DataTransfer), so files can be added to it
     * and taken out of it. */
    var canRebuild = (function () {
        try {
            return !!new DataTransfer().items;
        } catch (e) {
            return false;
        }
    })();

    function setFiles(input, files) {
        var dt = new DataTransfer();
        files.forEach(function (f) { dt.items.add(f); });
        input.files = dt.files;
    }

    function captureButtons(input) {
        if (!canRebuild || !window.matchMedia || !window.matchMedia('(pointer: coarse)').matches)
            return;
        /* the kinds the input takes, by their types: the same list the server accepts */
        var types = (input.getAttribute('accept') || '').split(',');
        var bar = document.createElement('div');
        bar.className = 'capture';
        [['image/', '拍照'], ['video/', '录像'], ['audio/', '录音']].forEach(function (k) {
            var accept = types.filter(function (t) { return t.indexOf(k[0]) === 0; }).join(',');
            if (!accept)
                return;
            var taker = document.createElement('input');
            taker.type = 'file';
            taker.accept = accept;
            taker.setAttribute('capture', k[0] === 'audio/' ? '' : 'environment');
            taker.hidden = true;
            var button = document.createElement('button');
            button.type = 'button';
            button.textContent = k[1];
            button.addEventListener('click', function () { taker.click(); });
            taker.addEventListener('change', function () {
                setFiles(input, Array.prototype.slice.call(input.files || [])
                    .concat(Array.prototype.slice.call(taker.files || [])));
                taker.value = '';
                input.dispatchEvent(new Event('change'));
            });
            bar.appendChild(button);
            bar.appendChild(taker);
        });
        if (bar.firstChild)
            input.insertAdjacentElement('afterend', bar);
    }

    /* ---- large files: resumable chunked uploads ahead of the form ------------------------- */

    var CHUNKED_ABOVE = 8 * 1024 * 1024; /* larger files go up in chunks (the form takes 20 MB) */
    var MIN_CHUNK = 256 * 1024;          /* chunks shrink to this on a poor connection */
    var STALLED_MS = 60000;              /* no progress this long: the connection is gone */
    var MAX_TRIES = 12;                  /* in a row, before the user is asked to go on */

    function hidden(form, name, value) {
        var i = document.createElement('input');
        i.type = 'hidden';
        i.name = name;
        i.value = value;
        form.appendChild(i);
    }

    /* The files of a form to send in chunks: [{input, field, file}]. Where an input's list
     * cannot be rebuilt, all its files go, so that none is posted twice. */
    function chunkedFiles(form) {
        var out = [];
        form.querySelectorAll('input[type="file"][name$="__upload"]').forEach(function (input) {
            var files = Array.prototype.slice.call(input.files || []);
            var large = files.filter(function (f) { return f.size > CHUNKED_ABOVE; });
            (large.length && !canRebuild ? files : large).forEach(function (f) {
                if (!form.fzSent || form.fzSent.indexOf(f) < 0)
                    out.push({input: input, field: input.name.slice(0, -8), file: f});
            });
        });
        return window.Promise && window.XMLHttpRequest ? out : [];
    }

    /* The form's progress line: a bar and "正在上传 35%". */
    function progressOf(form) {
        var box = form.querySelector('.upload-progress');
        if (!box) {
            box = document.createElement('div');
            box.className = 'upload-progress';
            box.setAttribute('role', 'status');
            box.innerHTML = '<progress max="100" value="0"></progress><span></span>';
            var actions = form.querySelector('.form-actions');
            form.insertBefore(box, actions || null);
        }
        var bar = box.querySelector('progress'), text = box.querySelector('span');
        return {
            show: function (percent, what) {
                box.classList.remove('failed');
                bar.value = percent;
                text.textContent = '正在上传 ' + percent + '%' + (what ? '（' + what + '）' : '');
            },
            note: function (message) {
                text.textContent = message;
            },
            fail: function (message) {
                box.classList.add('failed');
                text.textContent = '上传未完成：' + message +
                    '。已上传的部分不会重传，请检查网络后再次提交。';
            }
        };
    }

    function refusal(message) {
        var e = new Error(message);
        e.final = true;
        return e;
    }

    /* One request: resolves {status, json} for any answer, rejects when the connection
     * fails or stalls. onSent(bytes) follows the body going out. */
    function call(method, url, csrf, body, headers, onSent) {
        return new Promise(function (resolve, reject) {
            var x = new XMLHttpRequest(), timer = 0;
            function watch() {
                window.clearTimeout(timer);
                timer = window.setTimeout(function () { x.abort(); }, STALLED_MS);
            }
            x.open(method, url);
            x.setRequestHeader('X-CSRF-Token', csrf);
            Object.keys(headers || {}).forEach(function (h) { x.setRequestHeader(h, headers[h]); });
            x.upload.onprogress = function (e) {
                watch();
                if (onSent)
                    onSent(e.loaded);
            };
            x.onload = function () {
                window.clearTimeout(timer);
                var json = null;
                try {
                    json = JSON.parse(x.responseText);
                } catch (e) { /* not JSON: the status says enough */ }
                resolve({status: x.status, json: json});
            };
            x.onerror = x.onabort = function () {
                window.clearTimeout(timer);
                reject(new Error('网络连接中断'));
            };
            watch();
            x.send(body === undefined ? null : body);
        });
    }

    function errorText(r) {
        return r.json && r.json.error && r.json.error.message
            ? r.json.error.message : '服务器返回 ' + r.status;
    }

    function pause(seconds) {
        return new Promise(function (resolve) {
            window.setTimeout(resolve, seconds * 1000);
        });
    }

    function online() {
        if (navigator.onLine !== false)
            return Promise.resolve();
        return new Promise(function (resolve) {
            window.addEventListener('online', function once() {
                window.removeEventListener('online', once);
                resolve();
            });
        });
    }

    /* Sends one file; resolves its stored file's id. An upload is remembered (localStorage, by
     * name, size and time) so that a reloaded page picks it up where it stopped. sent(bytes)
     * follows the progress; note(text) tells of retries. */
    function sendFile(file, csrf, sent, note) {
        var key = 'fz-upload:' + file.name + ':' + file.size + ':' + file.lastModified;
        var up = null, chunk = 0, tries = 0;

        function remember(id) {
            try {
                if (id)
                    window.localStorage.setItem(key, String(id));
                else
                    window.localStorage.removeItem(key);
            } catch (e) { /* private mode: no resuming across reloads */ }
        }

        function open() {
            var known = null;
            try {
                known = window.localStorage.getItem(key);
            } catch (e) { /* as above */ }
            var earlier = known ? call('GET', '/api/v1/uploads/' + known, csrf)
                                : Promise.resolve({status: 404});
            return earlier.then(function (r) {
                if (r.status === 200 && r.json && r.json.size === file.size)
                    return r.json;
                return call('POST', '/api/v1/uploads', csrf,
                            JSON.stringify({name: file.name, size: file.size}),
                            {'Content-Type': 'application/json'}).then(function (r2) {
                    if (r2.status !== 201)
                        throw refusal(errorText(r2));
                    remember(r2.json.id);
                    return r2.json;
                });
            });
        }

        function where() {
            return call('GET', '/api/v1/uploads/' + up.id, csrf).then(function (r) {
                if (r.status === 200)
                    return r.json;
                if (r.status === 404) { /* expired meanwhile: start again */
                    remember(null);
                    return open();
                }
                throw new Error(errorText(r));
            });
        }

        function next(state) {
            up = state;
            if (!chunk)
                chunk = Math.min(up.chunk_size, 8 * 1024 * 1024);
            sent(up.received);
            if (up.file) {
                remember(null);
                return up.file.id;
            }
            var end = Math.min(up.received + chunk, file.size);
            var range = 'bytes ' + up.received + '-' + (end - 1) + '/' + file.size;
            return call('PUT', '/api/v1/uploads/' + up.id, csrf, file.slice(up.received, end),
                        {'Content-Range': range, 'Content-Type': 'application/octet-stream'},
                        function (n) { sent(up.received + n); }).then(function (r) {
                if (r.status === 200) {
                    tries = 0;
                    return next(r.json);
                }
                if (r.status === 409 && r.json && typeof r.json.received === 'number') {
                    up.received = r.json.received; /* it has more (or less): go on from there */
                    return next(up);
                }
                if (r.status >= 500 || r.status === 408 || r.status === 429)
                    throw new Error(errorText(r));
                remember(null);
                throw refusal(errorText(r));
            });
        }

        function run() {
            return (up ? where() : open()).then(next).catch(function (err) {
                if (err.final || ++tries > MAX_TRIES)
                    throw err;
                chunk = Math.max(MIN_CHUNK, Math.floor(chunk / 2));
                note(navigator.onLine === false ? '网络已断开，恢复后自动继续上传…'
                                                : '网络不稳定，正在重试（第 ' + tries + ' 次）…');
                return pause(Math.min(30, Math.pow(2, tries - 1))).then(online).then(run);
            });
        }
        return run();
    }

    /* Sends the files one after another. Each one sent becomes a hidden field with its id and
     * leaves its input (or, where the list cannot be rebuilt, is remembered as sent and the
     * input emptied once all of its files are), so a second try sends only what is left. */
    function sendChunked(form, items) {
        var csrfInput = form.querySelector('input[name="_csrf"]');
        var csrf = csrfInput ? csrfInput.value : '';
        var total = items.reduce(function (n, it) { return n + it.file.size; }, 0) || 1;
        var done = 0;
        var progress = progressOf(form);
        form.fzSent = form.fzSent || [];
        return items.reduce(function (chain, it, i) {
            return chain.then(function () {
                var what = it.file.name +
                    (items.length > 1 ? '，第 ' + (i + 1) + '/' + items.length + ' 个' : '');
                return sendFile(it.file, csrf, function (n) {
                    progress.show(Math.floor((done + n) * 100 / total), what);
                }, progress.note).then(function (id) {
                    done += it.file.size;
                    hidden(form, it.field, id);
                    form.fzSent.push(it.file);
                    var left = Array.prototype.filter.call(it.input.files, function (f) {
                        return form.fzSent.indexOf(f) < 0;
                    });
                    if (canRebuild)
                        setFiles(it.input, left);
                    else if (!left.length)
                        it.input.value = '';
                });
            });
        }, Promise.resolve()).then(function () {
            progress.show(100);
            progress.note('上传完成，正在提交…');
        });
    }

    /* ---- list filters: on a phone, only the keyword until asked -------------------------- */

    function collapsibleFilters(form) {
        var labels = form.querySelectorAll(':scope > label');
        if (labels.length < 3)
            return;
        var active = false;
        for (var i = 1; i < labels.length; i++) {
            var c = labels[i].querySelector('input, select');
            if (c && (c.type === 'checkbox' ? c.checked : c.value))
                active = true;
        }
        var toggle = document.createElement('button');
        toggle.type = 'button';
        toggle.className = 'filters-toggle';
        toggle.setAttribute('aria-expanded', active ? 'true' : 'false');
        toggle.textContent = active ? '收起筛选条件' : '更多筛选条件';
        if (!active)
            form.classList.add('collapsed');
        toggle.addEventListener('click', function () {
            var open = form.classList.toggle('collapsed') === false;
            toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
            toggle.textContent = open ? '收起筛选条件' : '更多筛选条件';
        });
        labels[0].insertAdjacentElement('afterend', toggle);
    }

    document.querySelectorAll('form.transition').forEach(compactTransition);
    document.querySelectorAll('input[type="file"]').forEach(function (input) {
        fileList(input);
        captureButtons(input);
    });
    document.querySelectorAll('form.filters').forEach(collapsibleFilters);
})();
