// penalty.test.mjs URL SHOTS_DIR — drives the staff app in headless Debian chromium through an
// administrative penalty case under the ordinary procedure, from clue to archive, as the people
// who handle it would: an officer registers the clue with two certified officers, the office
// head files it, the officer gathers evidence and ends the investigation, the legal reviewer
// passes it, the second officer serves the prior notice, records the waiver and decides, the
// fine is served and paid, the head closes the case and the staff member archives it. Steps the
// law forbids are tried on the way and must be refused with the law's reason, changing nothing.
// Works on a new case only, so the demo stays as tasks.test.mjs expects it (and the other way
// round). Waits only on navigations and selectors, never on time. Screenshots go to SHOTS_DIR.
// Ends with "N passed, N failed"; exits 1 on the first failure.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [base, shots] = process.argv.slice(2);
if (!base || !shots) {
    console.error('usage: node penalty.test.mjs URL SHOTS_DIR');
    process.exit(2);
}
mkdirSync(shots, { recursive: true });
rmSync(join(shots, 'penalty-failure.png'), { force: true });
const url = (path) => new URL(path, base).href;

const PASSWORD = 'fazhi-demo-2026';
const TODAY = '2026-11-27'; // run.sh pins FAZHI_NOW to this Friday
const ACT = '东湖街道工业路8号楼顶未经批准设置大型户外广告牌';
const MATTER = '未经批准设置大型户外广告';
const PARTY = '青川市东湖某某装饰工程有限公司';
const OFFICER1 = { user: 'dh.zf.officer1', name: '刘洋', cert: '9901250011' };
const OFFICER2 = { user: 'dh.zf.officer2', name: '赵磊', cert: '9901250012' };
const HEAD = { user: 'dh.zf.head', name: '张伟' };
const REVIEWER = { user: 'dh.reviewer', name: '孙丽' };
const STAFF = { user: 'dh.staff' };
const FINE = '8000';      // proposed and notified (the “从轻” range for a company is 5000–20000)
const TOO_MUCH = '12000'; // above the notified fine: the decision must be refused
// A 1×1 PNG: a real image for the evidence upload.
const PNG = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    'base64');

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
function has(text, part, what) {
    assert.ok(text.includes(part), `${what}: ${JSON.stringify(part)} not in ${JSON.stringify(text)}`);
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

async function signIn(page, who) {
    await page.goto(url('/app/signin'));
    await page.getByLabel('用户名').fill(who.user);
    await page.getByLabel('密码').fill(PASSWORD);
    await go(page, (u) => u.pathname === '/app', () => page.getByRole('button', { name: '登录' }).click());
    ok(await page.locator('header.topbar .user').isVisible(), `${who.user} signed in`);
}

async function signOut(page) {
    await go(page, /\/app\/signin/, () => page.locator('form.signout button').click());
}

/* ---- the case page ------------------------------------------------------------------------ */

const badge = (page) => page.locator('main h1 .badge').textContent();
const version = async (page) => (await page.locator('.page-head p.muted').textContent()).match(/第 (\d+) 版/)[1];
/* The value shown beside a label in 基本信息 and the other field lists. */
const field = (page, label) =>
    page.locator('dl.fields dt', { hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::dd[1]');
const fieldText = async (page, label) => (await field(page, label).textContent()).trim();
const alertText = async (page) => (await page.locator('div.error[role="alert"]').textContent()).trim();
const stepsOffered = (page) => page.locator('.actions-card').evaluate((card) =>
    [...card.querySelectorAll('details.step > summary, form.transition button[type="submit"]')]
        .map((e) => e.textContent.trim()));

/* An input by its whole label (a required field's label ends in a red “*”). */
const byLabel = (scope, label) => scope.getByLabel(new RegExp(`^${label}\\*?$`));

/* The arrival after a step: the case again (?ok=done) or, when refused, the step's address. */
const stepDone = (u) => u.pathname.includes('/transitions/') || u.searchParams.has('ok');

/* A step without required inputs: its button, accepting its confirm() when it asks. */
async function fire(page, label) {
    const form = page.locator('.actions-card form.transition', { has: page.getByRole('button', { name: label, exact: true }) });
    await go(page, stepDone, () => form.getByRole('button', { name: label, exact: true }).click());
}

/* A step with inputs: open its <details>, fill its labelled inputs, press 确认<label>. */
async function step(page, label, inputs) {
    const details = page.locator('.actions-card details.step', { has: page.locator('summary', { hasText: new RegExp(`^${label}$`) }) });
    if (!(await details.evaluate((d) => d.open)))
        await details.locator('summary').click();
    for (const [name, value] of Object.entries(inputs)) {
        const input = byLabel(details, name);
        const tag = await input.evaluate((e) => e.tagName + (e.type ? ':' + e.type : ''));
        if (tag.startsWith('SELECT'))
            await input.selectOption({ label: value });
        else if (tag === 'INPUT:checkbox')
            await input.setChecked(value);
        else
            await input.fill(value);
    }
    await go(page, stepDone, () => details.getByRole('button', { name: `确认${label}`, exact: true }).click());
}

/* The step's history entries (newest first), as [step, actor, refused]. */
const historyItems = (page) => page.locator('#history ol.history > li').evaluateAll((lis) => lis.map((li) => [
    li.querySelector('.when strong').textContent.trim(),
    li.querySelector('.when .actor').textContent.trim(),
    li.classList.contains('refused'),
]));

/* A reference on the case form: a choice list of the records, chosen by the record's name. */
async function chooseRef(page, label, title) {
    const input = byLabel(page, label);
    eq(await input.evaluate((e) => e.tagName), 'SELECT', `${label} is a choice list`);
    const option = input.locator('option', { hasText: new RegExp(`^${title}$`) });
    eq(await option.count(), 1, `${label} offers “${title}”`);
    await input.selectOption(await option.getAttribute('value'));
}

try {
    browser = await chromium.launch({
        executablePath: '/usr/bin/chromium',
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
               '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const desk = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    desk.setDefaultTimeout(10000);
    const page = current = await desk.newPage();
    const dialogs = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); d.accept(); });
    const jsErrors = [];
    page.on('pageerror', (e) => jsErrors.push(String(e)));

    /* ---- the clue: officer 1 registers it ----------------------------------------------- */
    await signIn(page, OFFICER1);
    await go(page, (u) => u.pathname === '/app/penalty_cases',
             () => page.locator('.sidenav').getByRole('link', { name: '行政处罚案件' }).click());
    ok(await page.locator('table.list tbody tr').count() > 0, 'the case list shows the year\'s cases');
    await go(page, /\/app\/penalty_cases\/new$/, () => page.getByRole('link', { name: '新建行政处罚案件' }).click());
    eq((await page.locator('main h1').textContent()).trim(), '新建行政处罚案件', 'the new case form is open');
    await page.getByLabel('案由').fill(ACT);
    await page.getByLabel('程序').selectOption({ label: '普通程序' });
    await page.getByLabel('承办机构').selectOption({ label: '综合行政执法办公室' });
    await page.getByLabel('案件来源').selectOption({ label: '巡查发现' });
    await chooseRef(page, '执法事项', MATTER);
    await chooseRef(page, '当事人', PARTY);
    const officers = page.locator('#f-officers');
    for (const o of [OFFICER1, OFFICER2])
        await officers.getByRole('checkbox', { name: `${o.name}（执法证 ${o.cert}）`, exact: true }).check();
    eq(await officers.locator('input:checked').count(), 2, 'two certified officers are chosen by name and certificate number');
    await page.getByLabel('违法行为发生日期').fill('2026-11-25');
    await page.getByLabel('违法地点').fill('东湖街道工业路8号');
    await page.getByLabel('违法事实').fill('巡查发现当事人在工业路8号楼顶设置大型户外广告牌，未能出示审批手续。');
    await shot(page, 'penalty-new');
    await go(page, /\/app\/penalty_cases\/\d+\?ok=created$/, () => page.getByRole('button', { name: '提交' }).click());
    const casePath = new URL(page.url()).pathname;
    console.log(`# the case is ${casePath}`);
    eq((await page.locator('main h1').evaluate((h) => h.firstChild.textContent)).trim(), ACT, 'the case shows its 案由');
    eq(await badge(page), '线索登记', 'a new case is a clue (线索登记)');
    eq(await field(page, '案件编号').count(), 0, 'a clue has no case number yet');
    const shown = await field(page, '执法人员').textContent();
    for (const o of [OFFICER1, OFFICER2])
        has(shown, `${o.name}（执法证 ${o.cert}）`, `the case names officer ${o.name} with certificate ${o.cert}`);
    eq(await fieldText(page, '执法事项'), MATTER, 'the case shows its matter');
    eq(await fieldText(page, '当事人'), PARTY, 'the case shows its party');
    ok(!(await stepsOffered(page)).includes('立案'), 'an officer is not offered 立案 (the head files cases)');
    await signOut(page);

    /* ---- filing: the office head -------------------------------------------------------- */
    await signIn(page, HEAD);
    await page.goto(url(casePath));
    await fire(page, '立案');
    ok(dialogs.some((m) => m.includes('立案') && m.includes('九十日')), '立案 asks for confirmation, naming the 90-day limit');
    eq(await badge(page), '调查取证', 'the filed case is under investigation (调查取证)');
    const caseNumber = await fieldText(page, '案件编号');
    ok(/^东湖街道综执立〔2026〕\d+号$/.test(caseNumber), `the case has its number: ${caseNumber}`);
    eq(await fieldText(page, '立案日期'), '2026年11月27日', 'filed today');
    const decisionDue = page.locator('.deadline', { has: page.locator('strong', { hasText: '作出决定期限' }) });
    eq(await decisionDue.count(), 1, 'the 期限 card shows 作出决定期限');
    has(await decisionDue.textContent(), '到期日 2027年2月25日', 'the decision is due 90 days after filing');
    await shot(page, 'penalty-filed');
    await signOut(page);

    /* ---- investigation: officer 1 ------------------------------------------------------- */
    await signIn(page, OFFICER1);
    await page.goto(url(casePath));
    const review = {
        '违法事实': '当事人未经市容环境卫生主管部门批准，于2026年11月25日在东湖街道工业路8号楼顶设置大型户外广告牌一块，面积约24平方米。',
        '拟处罚种类': '罚款',
        '拟罚款数额': FINE,
        '裁量档次': '从轻',
        '法制审核情形': '直接关系当事人或者第三人重大权益',
        '需集体讨论': false,
    };
    // Ending the investigation with no evidence is refused; the form keeps what was typed.
    let v = await version(page);
    await step(page, '调查终结，提交审核', review);
    has(await alertText(page), '尚未登记证据', 'ending the investigation without evidence is refused');
    eq(await badge(page), '调查取证', 'the case stays under investigation');
    eq(await version(page), v, 'the refused step changed nothing (same version)');
    eq(await page.getByLabel('拟罚款数额').inputValue(), FINE, 'the refused form keeps the proposed fine');

    await page.goto(url(casePath));
    await go(page, /\/app\/evidence\/new\?penalty_case=\d+$/, () => page.getByRole('link', { name: '新增证据' }).click());
    has(await page.locator('.page-head').textContent(), ACT, 'the evidence form names its case');
    await page.getByLabel('证据种类').selectOption({ label: '现场照片' });
    await page.getByLabel('证明事项').fill('现场照片，证明当事人在楼顶设置大型户外广告牌');
    await byLabel(page, '文件').setInputFiles({ name: '广告牌现场照片.png', mimeType: 'image/png', buffer: PNG });
    await page.locator('.file-list li').first().waitFor();
    await page.getByLabel('取证时间').fill('2026-11-25T10:30');
    await page.getByLabel('取证地点').fill('东湖街道工业路8号');
    await go(page, (u) => u.pathname === casePath, () => page.getByRole('button', { name: '提交' }).click());
    const evidence = page.locator('#evidence table.list tbody tr');
    eq(await evidence.count(), 1, 'the case lists the evidence');
    has(await evidence.locator('td[data-label="证明事项"]').textContent(), '广告牌', 'with what it proves');

    await step(page, '调查终结，提交审核', review);
    eq(await badge(page), '案件审核', 'the investigation is ended and the case is under review (案件审核)');
    eq(await fieldText(page, '拟罚款数额'), '8000.00 元', 'the proposed fine is recorded');
    let offered = await stepsOffered(page);
    ok(!offered.includes('法制审核通过'), `the officer is not offered 法制审核通过 (offered: ${offered.join('、') || 'nothing'})`);
    ok(!offered.includes('事先告知'), 'nor 事先告知 before the legal review has passed');
    await signOut(page);

    /* ---- legal review: the reviewer ----------------------------------------------------- */
    await signIn(page, REVIEWER);
    await page.goto(url(casePath));
    await step(page, '法制审核通过', { '法制审核意见': '事实清楚，证据确凿，适用依据正确，程序合法，裁量适当，同意。' });
    eq(await badge(page), '案件审核', 'the case is still under review');
    eq(await fieldText(page, '法制审核通过'), '是', 'the legal review has passed');
    eq(await fieldText(page, '法制审核人员'), REVIEWER.name, `the reviewer is recorded (${REVIEWER.name})`);
    ok(!(await stepsOffered(page)).includes('法制审核通过'), 'the review is not offered twice');
    await signOut(page);

    /* ---- notice: officer 2; decision: the office head (art.57) --------------------------- */
    await signIn(page, OFFICER2);
    await page.goto(url(casePath));
    await step(page, '事先告知', { '事先告知送达日期': TODAY });
    eq(await badge(page), '已事先告知', 'the prior notice is served (已事先告知)');
    ok(await page.locator('.deadline strong', { hasText: '陈述申辩和申请听证期限' }).count() === 1,
       'the statement period is running');
    ok(!(await stepsOffered(page)).includes('作出处罚决定'), 'the officer is not offered the decision');
    await signOut(page);

    const decision = {
        '处罚种类': '罚款',
        '罚款数额': FINE,
        '履行方式和期限': '自收到本决定书之日起十五日内，到指定银行缴纳罚款。',
        '救济途径和期限': '如不服本决定，可在收到本决定书之日起六十日内申请行政复议，或者六个月内提起行政诉讼。',
    };
    // Deciding within the statement period, the party not having waived, is refused.
    await signIn(page, HEAD);
    await page.goto(url(casePath));
    v = await version(page);
    await step(page, '作出处罚决定', decision);
    let why = await alertText(page);
    has(why, '届满前不得作出决定', `deciding before the statement period ends is refused: "${why}"`);
    eq(await badge(page), '已事先告知', 'the case stays 已事先告知');
    eq(await version(page), v, 'the refused decision changed nothing (same version)');
    await signOut(page);

    await signIn(page, OFFICER2);
    await page.goto(url(casePath));
    await fire(page, '当事人放弃陈述申辩');
    ok(dialogs.some((m) => m.includes('放弃')), 'the waiver asks for confirmation');
    eq(await fieldText(page, '当事人放弃陈述申辩和听证'), '是', 'the waiver is recorded');
    ok(!(await stepsOffered(page)).includes('当事人放弃陈述申辩'), 'the waiver is not offered again');
    await signOut(page);

    // A fine above the notified one is refused.
    await signIn(page, HEAD);
    await page.goto(url(casePath));
    v = await version(page);
    await step(page, '作出处罚决定', { ...decision, '罚款数额': TOO_MUCH });
    why = await alertText(page);
    has(why, '不得高于事先告知的数额', `a fine above the notified one is refused: "${why}"`);
    eq(await badge(page), '已事先告知', 'the case stays 已事先告知');
    eq(await field(page, '决定书文号').count(), 0, 'no decision number was given');
    eq(await version(page), v, 'the refused decision changed nothing (same version)');
    await shot(page, 'penalty-refused');

    await page.goto(url(casePath));
    await step(page, '作出处罚决定', decision);
    ok(dialogs.some((m) => m.includes('确认作出行政处罚决定')), 'the decision asks for confirmation');
    eq(await badge(page), '已作出决定', 'the decision is made (已作出决定)');
    const decisionNumber = await fieldText(page, '决定书文号');
    ok(/^东湖街道罚决字〔2026〕\d+号$/.test(decisionNumber), `the decision has its number: ${decisionNumber}`);
    eq(await fieldText(page, '罚款数额'), '8000.00 元', 'the decided fine is the notified one');
    eq(await fieldText(page, '决定日期'), '2026年11月27日', 'decided today');
    has(await decisionDue.locator('.badge').first().textContent(), '已办结', 'the decision deadline is met (已办结)');
    ok(await page.locator('.deadline strong', { hasText: '送达期限' }).count() === 1, 'the service deadline is running');
    await signOut(page);

    /* ---- service and payment: officer 1 ------------------------------------------------- */
    await signIn(page, OFFICER1);
    await page.goto(url(casePath));
    await step(page, '送达决定书', { '送达日期': TODAY, '送达方式': '直接送达' });
    eq(await badge(page), '已送达', 'the decision is served (已送达)');
    eq(await fieldText(page, '送达方式'), '直接送达', 'served in person');
    ok(await page.locator('.deadline strong', { hasText: '缴纳罚款期限' }).count() === 1, 'the payment deadline is running');
    await step(page, '登记罚款缴纳', { '已缴金额': FINE, '缴纳日期': TODAY });
    eq(await badge(page), '执行完毕', 'the fine is paid (执行完毕)');
    eq(await fieldText(page, '已缴金额'), '8000.00 元', 'the payment is recorded');
    await signOut(page);

    /* ---- closing: the head; archiving: the staff member ---------------------------------- */
    await signIn(page, HEAD);
    await page.goto(url(casePath));
    await fire(page, '结案');
    eq(await badge(page), '已结案', 'the head closed the case (已结案)');
    await signOut(page);

    await signIn(page, STAFF);
    const staffName = (await page.locator('header.topbar .user').textContent()).trim();
    await page.goto(url(casePath));
    await fire(page, '归档');
    eq(await badge(page), '已归档', 'the case is archived (已归档)');
    eq(await fieldText(page, '归档日期'), '2026年11月27日', 'archived today');
    eq(await page.locator('.actions-card').count(), 0, 'an archived case offers no further steps or edits');
    eq(await fieldText(page, '案件编号'), caseNumber, 'the case number is kept');
    eq(await fieldText(page, '决定书文号'), decisionNumber, 'the decision number is kept');

    // 办理记录: every step, by whom; the refused attempts too.
    const items = await historyItems(page);
    const done = items.filter(([, , refused]) => !refused);
    const expect = [
        ['新建', OFFICER1.name], ['立案', HEAD.name], ['调查终结，提交审核', OFFICER1.name],
        ['法制审核通过', REVIEWER.name], ['事先告知', OFFICER2.name], ['当事人放弃陈述申辩', OFFICER2.name],
        ['作出处罚决定', HEAD.name], ['送达决定书', OFFICER1.name], ['登记罚款缴纳', OFFICER1.name],
        ['结案', HEAD.name], ['归档', null],
    ];
    for (const [what, who] of expect) {
        const found = done.filter(([s]) => s === what || s.startsWith(what));
        eq(found.length, 1, `办理记录 lists ${what} once`);
        if (who)
            eq(found[0][1], who, `办理记录: ${what} by ${who}`);
        else
            ok(found[0][1].length > 0 && staffName.includes(found[0][1]), `办理记录: ${what} by ${found[0][1]}`);
    }
    eq(done.map(([s]) => s).reverse().join(' → '), expect.map(([s]) => s).join(' → '), '办理记录 is in the order of the procedure');
    const refused = items.filter(([, , r]) => r);
    eq(refused.length, 3, '办理记录 keeps the 3 refused attempts');
    for (const [why, who] of [['尚未登记证据', OFFICER1.name], ['届满前不得作出决定', HEAD.name],
                              ['不得高于事先告知的数额', HEAD.name]])
        ok(refused.some(([s, a]) => s.includes(why) && a === who), `办理记录 keeps the refusal “…${why}…” of ${who}'s attempt`);
    await shot(page, 'penalty-archived');
    await signOut(page);

    eq(jsErrors.length, 0, `no script errors (${jsErrors.join('; ')})`);
    await desk.close();
} catch (e) {
    failed++;
    console.log(`not ok - ${e.message}`);
    if (current) {
        try {
            await shot(current, 'penalty-failure');
            console.log(`(page at failure: ${current.url()}; screenshot ${join(shots, 'penalty-failure.png')})`);
        } catch { /* the page may be gone */ }
    }
} finally {
    if (browser)
        await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
