/* app.js — small progressive enhancements for the staff app. Loaded with defer; no inline
 * scripts (CSP). Every page works without it: this only asks before irreversible steps,
 * stops double submits, keeps optional notes out of the way and names chosen files. */
(function () {
    'use strict';

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
        /* Disabled after this turn, so the pressed button still goes with the form data. */
        window.setTimeout(function () {
            submitButtons(form).forEach(function (b) {
                b.disabled = true;
                if (b === pressed || !pressed)
                    b.setAttribute('aria-busy', 'true');
            });
        }, 0);
    });

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
                size.textContent = sizeText(f.size);
                li.appendChild(size);
                list.appendChild(li);
            });
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
    document.querySelectorAll('input[type="file"]').forEach(fileList);
    document.querySelectorAll('form.filters').forEach(collapsibleFilters);
})();
