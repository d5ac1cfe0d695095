// portal.test.mjs URL SHOTS_DIR — the public portal in headless Debian chromium, as the public
// and staff would use it: find a subdistrict from the front page, read its officers, matters
// and decisions (a citizen's name masked), verify an officer's certificate at phone width,
// apply for government information on a phone (first with a mistake), keep the tracking code,
// follow it; then staff find the request in the staff app, take it up and reply, and the
// applicant sees the reply with the same code. Every portal page is checked for sideways
// scrolling at 390 px. Waits only on navigations and selectors. Screenshots go to SHOTS_DIR.
// Ends with "N passed, N failed"; exits 1 on the first failure.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [base, shots] = process.argv.slice(2);
if (!base || !shots) {
    console.error('usage: node portal.test.mjs URL SHOTS_DIR');
    process.exit(2);
}
mkdirSync(shots, { recursive: true });
const url = (path) => new URL(path, base).href;
const PASSWORD = 'fazhi-demo-2026';
const WANTED = '申请公开本街道2026年老旧小区加装电梯的补贴标准和申请条件';

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
let current;

async function shot(page, name, fullPage = true) {
    await page.screenshot({ path: join(shots, `${name}.png`), fullPage });
}

async function go(page, want, action) {
    await Promise.all([page.waitForURL(want, { waitUntil: 'load' }), action()]);
}

async function noSideScroll(page, what) {
    const w = await page.evaluate(() => document.documentElement.scrollWidth);
    ok(w <= page.viewportSize().width, `${what}: no sideways scrolling at ${page.viewportSize().width}px (page is ${w}px wide)`);
}

const byLabel = (scope, label) => scope.getByLabel(new RegExp(`^${label}\\*?$`));

try {
    browser = await chromium.launch({
        executablePath: '/usr/bin/chromium',
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
               '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const jsErrors = [];

    /* ---- the public, on a desktop --------------------------------------------------------- */
    const desk = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    desk.setDefaultTimeout(10000);
    let page = current = await desk.newPage();
    page.on('pageerror', (e) => jsErrors.push(String(e)));
    await page.goto(url('/'));
    eq(await page.locator('main h1').textContent(), '政务公开', 'the front page');
    await shot(page, 'portal-front');
    await go(page, (u) => u.pathname === '/p/DH', () => page.getByRole('link', { name: /东湖街道/ }).first().click());
    eq(await page.locator('main h1').textContent(), '东湖街道政务公开', 'a subdistrict\'s portal from the front page');
    ok(await page.locator('.p-tiles li').count() >= 7, 'its home page offers every section');
    await shot(page, 'portal-home');

    await go(page, /\/p\/DH\/officers$/, () => page.locator('nav.p-nav').getByRole('link', { name: '执法主体与人员' }).click());
    ok(await page.locator('table.p-table tbody tr').count() >= 2, 'officers in force are listed');
    eq(await page.locator('nav.p-nav a[aria-current="page"]').textContent(), '执法主体与人员', 'the navigation marks the section');
    await go(page, /\/p\/DH\/matters$/, () => page.locator('nav.p-nav').getByRole('link', { name: '执法事项' }).click());
    ok(await page.locator('section.p-matter').count() >= 5, 'matters are listed with their basis');
    ok(await page.locator('section.p-matter table caption', { hasText: '裁量基准' }).count() >= 5, 'each with its discretion benchmarks');
    await shot(page, 'portal-matters');

    // decisions: citizens only; each citizen's name shows its first character and stars
    await go(page, /\/p\/DH\/decisions$/, () => page.locator('nav.p-nav').getByRole('link', { name: '处罚决定公开' }).click());
    await page.getByLabel('当事人类型').selectOption({ label: '公民' });
    await go(page, /party_kind=citizen/, () => page.getByRole('button', { name: '查询' }).click());
    const lines = await page.locator('ul.p-decisions li:not(.withdrawn) p').allTextContents();
    ok(lines.length >= 1, `${lines.length} citizen decision(s) found`);
    for (const l of lines)
        ok(/^\S\*+\s/.test(l.trim()), `a citizen is shown masked: "${l.trim().slice(0, 12)}…"`);
    ok(await page.locator('ul.p-decisions li.withdrawn').count() >= 1, 'a revoked decision is listed as withdrawn');
    await shot(page, 'portal-decisions');
    await go(page, /\/p\/DH\/decisions\/\d+$/, () => page.locator('ul.p-decisions li:not(.withdrawn) a').first().click());
    ok(/^\S\*+$/.test((await page.locator('dt', { hasText: /^当事人$/ }).locator('xpath=following-sibling::dd[1]').textContent()).trim()),
       'the decision page masks the citizen too');
    await shot(page, 'portal-decision');

    /* ---- a phone: verification, the application, the tracking page ----------------------- */
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN',
                                             isMobile: true, hasTouch: true });
    phone.setDefaultTimeout(10000);
    const mob = current = await phone.newPage();
    mob.on('pageerror', (e) => jsErrors.push(String(e)));
    await mob.goto(url('/p/DH/officers'));
    await noSideScroll(mob, 'officers');
    await go(mob, /\/v\/\d+$/, () => mob.locator('table.p-table a').first().click());
    eq(await mob.locator('.p-standing').textContent(), '证件有效', 'a certificate verified by its page says it is valid');
    await noSideScroll(mob, 'verification');
    await shot(mob, 'portal-verify-phone');
    for (const path of ['/', '/p/DH', '/p/DH/matters', '/p/DH/procedures', '/p/DH/decisions', '/p/DH/items', '/p/DH/digest']) {
        await mob.goto(url(path));
        await noSideScroll(mob, path);
    }
    await shot(mob, 'portal-digest-phone');
    await mob.goto(url('/p/DH/items'));
    await go(mob, /\/p\/DH\/items\/\d+$/, () => mob.locator('ul.p-decisions a').first().click());
    ok((await mob.locator('article h1').textContent()).length > 2, 'a proactively disclosed item opens');
    await noSideScroll(mob, 'an item');

    // the application: the content left out first
    await mob.goto(url('/p/DH/apply'));
    await byLabel(mob, '申请人类型').selectOption({ label: '自然人' });
    await byLabel(mob, '申请人姓名或名称').fill('周某某');
    await byLabel(mob, '身份证件号码或统一社会信用代码').fill('990101199001011234');
    await byLabel(mob, '联系电话').fill('13900001234');
    await byLabel(mob, '获取信息的方式').selectOption({ label: '电子数据（电子邮件）' });
    await byLabel(mob, '申请公开的政府信息').evaluate((e) => e.removeAttribute('required'));
    await go(mob, /\/p\/DH\/apply$/, () => mob.getByRole('button', { name: '提交申请' }).click());
    ok(await mob.locator('.field.invalid').count() === 1, 'the empty request is refused, one field marked');
    ok((await mob.locator('.field.invalid .error-text').textContent()).includes('申请公开的政府信息'), 'the mark says what is missing');
    eq(await byLabel(mob, '申请人姓名或名称').inputValue(), '周某某', 'what was typed is kept');
    await noSideScroll(mob, 'the refused application');
    await shot(mob, 'portal-apply-invalid-phone');
    await byLabel(mob, '申请公开的政府信息').fill(WANTED);
    await go(mob, /\/p\/DH\/apply$/, () => mob.getByRole('button', { name: '提交申请' }).click());
    const code = (await mob.locator('#tracking-code').textContent()).trim();
    ok(/^[0-9A-Z]{16}$/.test(code), `the applicant gets a tracking code (${code})`);
    await shot(mob, 'portal-apply-done-phone');
    await go(mob, /\/track\?code=/, () => mob.getByRole('link', { name: '查询办理进度' }).click());
    const field = (p, label) => p.locator('dl.fields dt', { hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::dd[1]');
    eq((await field(mob, '办理状态').textContent()).trim(), '已收到', 'the tracking page: received');
    ok((await field(mob, '答复期限').textContent()).includes('2026年12月'), 'with its reply deadline, 20 working days on');
    ok(!(await mob.content()).includes('周某某'), 'the tracking page does not show the applicant\'s name');

    /* ---- staff answer it ------------------------------------------------------------------ */
    page = current = await desk.newPage();
    page.on('dialog', (d) => d.accept()); // the reply asks to confirm
    page.on('pageerror', (e) => jsErrors.push(String(e)));
    await page.goto(url('/app/signin'));
    await page.getByLabel('用户名').fill('dh.staff');
    await page.getByLabel('密码').fill(PASSWORD);
    await go(page, (u) => u.pathname === '/app', () => page.getByRole('button', { name: '登录' }).click());
    // the list exports to Excel with its filter, the progress shown while it comes
    await page.goto(url('/app/disclosure_requests?status=received'));
    const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: '导出 Excel' }).click(),
    ]);
    ok(download.suggestedFilename().endsWith('.xlsx'), `the export is saved as ${download.suggestedFilename()}`);
    ok(await page.locator('.export-progress').count() === 0, 'the progress line goes once the file is saved');
    await page.goto(url(`/app/disclosure_requests?q=${code}`));
    await go(page, /\/app\/disclosure_requests\/\d+$/, () => page.locator('table.list a.title').first().click());
    ok((await page.locator('main').textContent()).includes(WANTED), 'staff find the request by its code');
    ok((await page.locator('#history').textContent()).includes('公众（门户网站）'), 'its history names the public as who filed it');
    await go(page, (u) => u.searchParams.has('ok') || u.pathname.includes('/transitions/'), async () => {
        const form = page.locator('.actions-card form.transition', { has: page.getByRole('button', { name: '开始办理', exact: true }) });
        if (await form.count())
            await form.getByRole('button', { name: '开始办理', exact: true }).click();
        else {
            const d = page.locator('.actions-card details.step', { has: page.locator('summary', { hasText: /^开始办理$/ }) });
            await d.locator('summary').click();
            await d.getByRole('button', { name: '确认开始办理', exact: true }).click();
        }
    });
    eq((await page.locator('main h1 .badge').textContent()).trim(), '办理中', 'staff take it up');
    await page.goto(url(new URL(page.url()).pathname)); // the record again, without ?ok
    const reply = page.locator('.actions-card details.step', { has: page.locator('summary', { hasText: /^答复申请人$/ }) });
    await reply.locator('summary').click();
    await byLabel(reply, '答复类型').selectOption({ label: '予以公开' });
    await byLabel(reply, '答复内容').fill('经审查，您申请的信息属于主动公开范围，补贴标准和申请条件见本街道政务公开网站“民生政策”栏目。');
    await go(page, (u) => u.searchParams.has('ok') || u.pathname.includes('/transitions/'),
             () => reply.getByRole('button', { name: '确认答复申请人', exact: true }).click());
    eq((await page.locator('main h1 .badge').textContent()).trim(), '已答复', 'staff reply');
    await shot(page, 'staff-request-replied');

    /* ---- the applicant sees the reply ----------------------------------------------------- */
    await mob.goto(url(`/track?code=${code}`));
    eq((await field(mob, '办理状态').textContent()).trim(), '已答复', 'the applicant sees it replied');
    eq((await field(mob, '答复类型').textContent()).trim(), '予以公开', 'with the reply type');
    ok((await field(mob, '答复内容').textContent()).includes('民生政策'), 'and the reply\'s text');
    await noSideScroll(mob, 'the answered tracking page');
    await shot(mob, 'portal-track-replied-phone');

    eq(jsErrors.length, 0, `no JavaScript errors${jsErrors.length ? ': ' + jsErrors.join('; ') : ''}`);
} catch (e) {
    failed++;
    console.error(`not ok - ${e.message}`);
    if (current)
        await current.screenshot({ path: join(shots, 'portal-failure.png'), fullPage: true }).catch(() => {});
} finally {
    if (browser)
        await browser.close();
    console.log(`${passed} passed, ${failed} failed`);
    process.exit(failed ? 1 : 0);
}
