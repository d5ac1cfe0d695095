// tasks.test.mjs URL SHOTS_DIR — drives the staff app in headless Debian chromium through the
// key-task workflow, as staff would: sign in, create a task (first with a mistake), find it,
// assign it, try to close it too early, start it as the lead department, report progress with
// a photo, then with a video large enough to go up in chunks (one of them dropped and resumed),
// and read the result; then the same pages at phone width and with JavaScript off.
// Waits only on navigations and selectors, never on time. Screenshots go to SHOTS_DIR.
// Playwright's launch() gives chromium a fresh temporary profile and removes it on close.
// Ends with "N passed, N failed"; exits 1 on the first failure.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [base, shots] = process.argv.slice(2);
if (!base || !shots) {
    console.error('usage: node tasks.test.mjs URL SHOTS_DIR');
    process.exit(2);
}
mkdirSync(shots, { recursive: true });
rmSync(join(shots, 'failure.png'), { force: true });
const url = (path) => new URL(path, base).href;

const PASSWORD = 'fazhi-demo-2026';
const TITLE = '更新综合执法公示栏并公开执法流程图';
const DEPARTMENT = '综合行政执法办公室';
const DUE = '2026-12-18';
// A 1×1 PNG: a real image for the attachment upload.
const PNG = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    'base64');

// A 9 MiB MP4 (an ftyp box, then a pattern): over the 8 MB above which app.js uploads in chunks.
const VIDEO = Buffer.alloc(9 * 1024 * 1024, 0);
for (let i = 0; i < VIDEO.length; i++)
    VIDEO[i] = (i * 131 + (i >> 11)) & 0xff;
Buffer.from('000000186674797069736f6d0000000069736f6d6d703432', 'hex').copy(VIDEO);

let passed = 0, failed = 0;
function ok(cond, what) {
    assert.ok(cond, what);
    passed++;
    console.log(`ok ${passed} - ${what}`);
}
function eq(actual, expected, what) {
    assert.equal(actual, expected, `${what}: got ${JSON.stringify(actual)}, want ${JSON.stringify(expected)}`);
    passed++;
    console.log(`ok ${passed} - ${what}`);
}

let browser;
let current; // the page to photograph if a step fails

async function shot(page, name, fullPage = true) {
    await page.screenshot({ path: join(shots, `${name}.png`), fullPage });
}

/* A click that navigates: the click and the arrival at a URL matching want. */
async function go(page, want, action) {
    await Promise.all([page.waitForURL(want, { waitUntil: 'load' }), action()]);
}

async function signIn(page, user, photo) {
    await page.goto(url('/app/signin'));
    await page.getByLabel('用户名').fill(user);
    await page.getByLabel('密码').fill(PASSWORD);
    if (photo)
        await shot(page, photo, false);
    await go(page, (u) => u.pathname === '/app', () => page.getByRole('button', { name: '登录' }).click());
    ok(await page.locator('header.topbar .user').isVisible(), `${user} signed in and sees the top bar`);
}

async function signOut(page) {
    await go(page, /\/app\/signin/, () => page.locator('form.signout button').click());
}

/* The transition button of the action card, accepting its confirm() when it asks. */
async function fire(page, label) {
    const form = page.locator('.actions-card form.transition', { has: page.getByRole('button', { name: label, exact: true }) });
    await go(page, (u) => u.pathname.includes('/transitions/') || u.searchParams.has('ok'),
             () => form.getByRole('button', { name: label, exact: true }).click());
}

async function noSideScroll(page, what) {
    const w = await page.evaluate(() => document.documentElement.scrollWidth);
    ok(w <= page.viewportSize().width, `${what}: no sideways scrolling at ${page.viewportSize().width}px (page is ${w}px wide)`);
}

try {
    browser = await chromium.launch({
        executablePath: '/usr/bin/chromium',
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
               '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });

    /* ---- desktop ------------------------------------------------------------------------ */
    const desk = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    desk.setDefaultTimeout(10000);
    const page = current = await desk.newPage();
    const dialogs = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); d.accept(); });
    const jsErrors = [];
    page.on('pageerror', (e) => jsErrors.push(String(e)));

    await signIn(page, 'dh.staff', 'signin');

    // Home: my work, with overdue items counted and marked.
    eq(await page.locator('main h1').textContent(), '我的工作', 'home page heading');
    const overdueCount = Number(await page.locator('.stats .stat.bad strong').textContent());
    ok(overdueCount > 0, `home counts ${overdueCount} overdue items`);
    ok(await page.locator('#work tr.overdue .due.bad').count() > 0, 'home lists overdue items marked in red');
    ok((await page.locator('#work tr.overdue .due.bad').first().textContent()).includes('已逾期'),
       'an overdue item says 已逾期');
    eq(await page.locator('.sidenav a.active').getAttribute('href'), '/app', 'navigation marks 工作台 as current');
    await shot(page, 'home');

    // The list, through the navigation.
    await go(page, (u) => u.pathname === '/app/tasks',
             () => page.locator('.sidenav').getByRole('link', { name: '重点工作任务' }).click());
    ok(await page.locator('table.list tbody tr').count() > 0, 'task list shows tasks');
    ok(await page.locator('table.list .badge[class*="st-"]').count() > 0, 'task list shows status badges');
    ok(await page.locator('table.list tr.overdue .due.bad').count() > 0, 'task list marks overdue tasks');
    ok(await page.locator('table.list tr.soon .due.warn').count() > 0, 'task list marks tasks due within 3 working days');
    await shot(page, 'tasks-list');

    // New task: a one-character title is refused with the reason beside the field.
    await go(page, /\/app\/tasks\/new$/, () => page.getByRole('link', { name: '新建重点工作任务' }).click());
    await page.getByLabel('任务名称').fill('公');
    await page.getByLabel('牵头单位').selectOption({ label: DEPARTMENT });
    await page.getByLabel(/^完成时限/).fill(DUE);
    await go(page, (u) => u.pathname === '/app/tasks', () => page.getByRole('button', { name: '提交' }).click());
    const bad = page.locator('.field.invalid');
    eq(await bad.count(), 1, 'one field is marked invalid');
    ok((await bad.locator('label').textContent()).includes('任务名称'), 'the invalid field is 任务名称');
    ok((await bad.locator('.error-text').textContent()).trim().length > 0, 'the field shows the reason in Chinese');
    eq(await page.getByLabel('任务名称').getAttribute('aria-invalid'), 'true', 'the input is aria-invalid');
    eq(await page.getByLabel('牵头单位').inputValue(), 'DH-ZF', 'the chosen department is kept');
    await shot(page, 'task-new-invalid');

    // Corrected, it is saved and we land on the task.
    await page.getByLabel('任务名称').fill(TITLE);
    await page.getByLabel('任务内容').fill('在街道综合执法队公示栏更新执法人员信息、执法事项清单和执法流程图，同步在门户网站公开。');
    await go(page, /\/app\/tasks\/\d+\?ok=created$/, () => page.getByRole('button', { name: '提交' }).click());
    const taskPath = new URL(page.url()).pathname;
    eq(await page.locator('main h1').evaluate((h) => h.firstChild.textContent), TITLE, 'created task shows its title');
    ok(await page.locator('div.ok').isVisible(), 'a confirmation notice is shown after saving');
    eq(await page.locator('main h1 .badge').textContent(), '草稿', 'a new task is a draft');

    // Found again in the list by keyword.
    await page.goto(url('/app/tasks'));
    await page.getByLabel('关键词').fill('公示栏');
    await go(page, /[?&]q=/, () => page.locator('form.filters').getByRole('button', { name: '查询' }).click());
    const rows = page.locator('table.list tbody tr');
    eq(await rows.count(), 1, 'keyword filter finds exactly the new task');
    eq(await rows.locator('a.title').textContent(), TITLE, 'the row is the new task');
    eq(await rows.locator('td[data-label="牵头单位"]').textContent(), DEPARTMENT, 'the row shows the department');
    await go(page, (u) => u.pathname === taskPath, () => rows.locator('a.title').click());

    // Assign (交办): a confirm() first; the optional note stays folded away.
    const assign = page.locator('form.transition', { has: page.getByRole('button', { name: '交办', exact: true }) });
    ok(await assign.evaluate((f) => f.classList.contains('compact')), 'the 交办 form is compact (optional note folded)');
    ok(!(await assign.locator('textarea').isVisible()), 'its note is hidden until asked for');
    await assign.getByRole('button', { name: /填写说明/ }).click();
    ok(await assign.locator('textarea').isVisible(), 'the note opens on request');
    await assign.locator('textarea').fill('请按期完成并报送进展。');
    await fire(page, '交办');
    ok(dialogs.includes('确认把任务交办给牵头单位？'), '交办 asked for confirmation first');
    eq(await page.locator('main h1 .badge').textContent(), '已交办', 'task is now 已交办');
    ok((await page.locator('div.ok').textContent()).includes('已办理'), 'the step is confirmed');
    ok(await page.locator('.deadline').isVisible(), 'the deadline is now running');

    // Closing it with no progress report is refused, in Chinese, and the refusal is recorded.
    await fire(page, '办结');
    const refusal = (await page.locator('div.error[role="alert"]').textContent()).trim();
    ok(/进展报告/.test(refusal), `办结 without a progress report is refused: "${refusal}"`);
    eq(await page.locator('main h1 .badge').textContent(), '已交办', 'the task stays 已交办');
    await shot(page, 'task-refused');
    await page.goto(url(taskPath));
    ok(await page.locator('ol.history li.refused').count() >= 1, 'the refused attempt appears in 办理记录');
    await signOut(page);

    // The lead department starts it and reports progress with a photo.
    await signIn(page, 'dh.zf.officer1');
    await page.goto(url(taskPath));
    await fire(page, '开始推进');
    eq(await page.locator('main h1 .badge').textContent(), '推进中', 'the lead department started the task (推进中)');
    await go(page, /\/app\/progress_reports\/new\?task=\d+$/,
             () => page.getByRole('link', { name: '新增进展报告' }).click());
    ok((await page.locator('.page-head').textContent()).includes(TITLE), 'progress form names its task');
    await page.getByLabel('完成进度（%）').fill('40');
    await page.getByLabel('进展情况').fill('已拆除旧公示栏，新公示内容已完成排版，等待制作安装。');
    await page.getByLabel('附件').setInputFiles({ name: '公示栏现场照片.png', mimeType: 'image/png', buffer: PNG });
    await page.locator('.file-list li').first().waitFor();
    ok((await page.locator('.file-list').textContent()).includes('公示栏现场照片.png'), 'the chosen file is listed by name');
    await shot(page, 'progress-form');
    // Double submits: the first submit is held back in the page (a listener after app.js's
    // cancels it), so the page can be examined as it is while a form is on its way.
    await page.evaluate(() => window.addEventListener('submit', (e) => e.preventDefault(), { once: true }));
    await page.getByRole('button', { name: '提交' }).click();
    await page.locator('form.form button[type="submit"]:disabled').waitFor();
    ok(true, 'the submit button is disabled once the form is sent');
    ok(await page.evaluate(() => {
        const again = new Event('submit', { bubbles: true, cancelable: true });
        document.querySelector('form.form').dispatchEvent(again);
        return again.defaultPrevented;
    }), 'a second submit of the same form is stopped');
    await go(page, (u) => u.pathname === taskPath,
             () => page.evaluate(() => HTMLFormElement.prototype.submit.call(document.querySelector('form.form'))));
    const report = page.locator('#progress_reports table.list tbody tr').first();
    eq(await report.locator('td[data-label="完成进度（%）"]').textContent(), '40', 'the task shows the 40% report');
    ok((await report.locator('td[data-label="进展情况"]').textContent()).includes('公示栏'), 'with its content');
    const history = await page.locator('#history').textContent();
    for (const step of ['新建', '交办', '开始推进'])
        ok(history.includes(step), `办理记录 records ${step}`);
    await shot(page, 'task-detail');

    // The report keeps the photo, which downloads.
    await go(page, /\/app\/progress_reports\/\d+$/, () => report.locator('a.title').click());
    const file = page.locator('dl.fields .file a');
    eq(await file.textContent(), '公示栏现场照片.png', 'the report lists the attachment');
    const dl = await page.request.get(url(await file.getAttribute('href')));
    eq(dl.status(), 200, 'the attachment downloads');
    ok(Buffer.compare(await dl.body(), PNG) === 0, 'the download is the uploaded PNG');

    // A video over 8 MB goes up in chunks ahead of the form, with a progress bar; its first
    // chunk's connection drops (held until the bar is seen, then aborted), and the upload
    // resumes by itself. The form then carries the file's id.
    await page.goto(url(taskPath));
    await go(page, /\/app\/progress_reports\/new\?task=\d+$/,
             () => page.getByRole('link', { name: '新增进展报告' }).click());
    await page.getByLabel('完成进度（%）').fill('60');
    await page.getByLabel('进展情况').fill('新公示栏已安装，安装过程录像见附件。');
    await page.getByLabel('附件').setInputFiles({ name: '安装过程录像.mp4', mimeType: 'video/mp4', buffer: VIDEO });
    ok((await page.locator('.file-list').textContent()).includes('提交时分段上传'), 'a large file is marked for chunked upload');
    let dropped, seen;
    const firstChunk = new Promise((resolve) => { seen = resolve; });
    await page.route('**/api/v1/uploads/*', (route) => {
        if (route.request().method() === 'PUT' && !dropped) {
            dropped = route;
            seen();
            return;
        }
        route.continue();
    });
    await page.getByRole('button', { name: '提交' }).click();
    await firstChunk;
    ok((await page.locator('.upload-progress').textContent()).startsWith('正在上传'), 'a progress bar shows 正在上传 …%');
    await shot(page, 'chunked-upload');
    await go(page, (u) => u.pathname === taskPath, () => dropped.abort('connectionreset'));
    await page.unroute('**/api/v1/uploads/*');
    const videoReport = page.locator('#progress_reports table.list tbody tr').first();
    eq(await videoReport.locator('td[data-label="完成进度（%）"]').textContent(), '60', 'the report with the video is saved');
    await go(page, /\/app\/progress_reports\/\d+$/, () => videoReport.locator('a.title').click());
    const video = page.locator('dl.fields .file a');
    eq(await video.textContent(), '安装过程录像.mp4', 'the report lists the video');
    const vdl = await page.request.get(url(await video.getAttribute('href')));
    eq(vdl.status(), 200, 'the video downloads');
    ok(Buffer.compare(await vdl.body(), VIDEO) === 0, 'the download is the uploaded video, byte for byte');
    await signOut(page);

    eq(jsErrors.length, 0, `no script errors (${jsErrors.join('; ')})`);
    await desk.close();

    /* ---- phone width -------------------------------------------------------------------- */
    const phone = await browser.newContext({
        viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN',
    });
    phone.setDefaultTimeout(10000);
    const mob = current = await phone.newPage();
    mob.on('dialog', (d) => d.accept());
    await signIn(mob, 'dh.staff');
    const nav = await mob.locator('.sidenav').boundingBox();
    ok(nav.height < 80, `navigation is a strip under the top bar (${Math.round(nav.height)}px high)`);
    eq(await mob.locator('.sidenav').evaluate((n) => getComputedStyle(n).overflowX), 'auto', 'the strip scrolls sideways');
    const td = mob.locator('#work table.list tbody td[data-label="类别"]').first();
    eq(await td.evaluate((t) => getComputedStyle(t.closest('tr')).display), 'flex', 'table rows become cards');
    eq(await td.evaluate((t) => getComputedStyle(t).display), 'grid', 'cells are stacked in the card');
    eq(await td.evaluate((t) => getComputedStyle(t, '::before').content), '"类别"', 'each cell is labelled from data-label');
    ok(await mob.locator('#work tr.overdue').count() > 0, 'overdue items show at phone width');
    await noSideScroll(mob, 'home');
    await shot(mob, 'phone-home');

    await mob.goto(url('/app/tasks'));
    ok(!(await mob.getByLabel('牵头单位').isVisible()), 'extra filters are folded on a phone');
    await mob.getByRole('button', { name: '更多筛选条件' }).click();
    ok(await mob.getByLabel('牵头单位').isVisible(), 'and open on request');
    await mob.getByRole('button', { name: '收起筛选条件' }).click();
    await noSideScroll(mob, 'task list');
    for (const b of await mob.locator('main button:visible, main .button:visible, .signout button').all()) {
        const box = await b.boundingBox();
        ok(box.height >= 44, `touch target "${(await b.textContent()).trim()}" is ${Math.round(box.height)}px high`);
    }
    await shot(mob, 'phone-list');

    await mob.goto(url(taskPath));
    await noSideScroll(mob, 'task detail');
    ok(await mob.locator('#progress_reports tbody tr').count() === 2, 'the progress reports show at phone width');
    await shot(mob, 'phone-detail');

    // On a phone a file field offers the camera and the recorder, each taking only the types
    // the server accepts.
    await mob.goto(url(`/app/progress_reports/new?task=${taskPath.split('/').pop()}`));
    for (const [label, kind] of [['拍照', 'image/'], ['录像', 'video/'], ['录音', 'audio/']]) {
        const button = mob.locator('.capture').getByRole('button', { name: label, exact: true });
        ok(await button.isVisible(), `on a phone the file field offers ${label}`);
        const taker = button.locator('xpath=following-sibling::input[1]');
        ok(await taker.getAttribute('capture') !== null, `${label} opens the capture`);
        const accept = (await taker.getAttribute('accept')).split(',');
        ok(accept.length > 0 && accept.every((t) => t.startsWith(kind)), `${label} takes ${accept.join(' ')}`);
    }
    await noSideScroll(mob, 'progress form');
    await shot(mob, 'phone-progress-form');
    await phone.close();

    /* ---- without JavaScript ------------------------------------------------------------- */
    const nojs = await browser.newContext({ viewport: { width: 1366, height: 900 }, javaScriptEnabled: false });
    nojs.setDefaultTimeout(10000);
    const plain = current = await nojs.newPage();
    await signIn(plain, 'dh.leader');
    await plain.goto(url(taskPath));
    ok(await plain.locator('form.transition textarea').first().isVisible(), 'without JavaScript the note fields simply show');
    await plain.goto(url('/app/tasks'));
    ok(await plain.getByLabel('牵头单位').isVisible(), 'without JavaScript all filters show');
    await nojs.close();
} catch (e) {
    failed++;
    console.log(`not ok - ${e.message}`);
    if (current) {
        try {
            await shot(current, 'failure');
            console.log(`(page at failure: ${current.url()}; screenshot ${join(shots, 'failure.png')})`);
        } catch { /* the page may be gone */ }
    }
} finally {
    if (browser)
        await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
