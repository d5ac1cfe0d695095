// demo-images.mjs — draws the demo's illustrative evidence photos (fictional scenes) with
// headless Chromium and writes them to data/demo/*.jpg. Run once when the pictures change:
//   node scripts/demo-images.mjs   (playwright-core from tests/browser/node_modules)
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
const require = createRequire(new URL('../tests/browser/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const scenes = {
  ads: ['户外广告牌', 'linear-gradient(#9cc9f0,#e8eef3)',
    '<rect x="140" y="110" width="360" height="190" fill="#c0392b"/>' +
    '<text x="320" y="215" font-size="40" fill="#fff" text-anchor="middle">某某装饰 大促销</text>' +
    '<rect x="305" y="300" width="30" height="150" fill="#7f8c8d"/>'],
  waste: ['建筑垃圾倾倒', 'linear-gradient(#b7d7a8,#d9c9a3)',
    '<polygon points="60,450 220,250 380,450" fill="#8d6e63"/>' +
    '<polygon points="260,450 430,290 600,450" fill="#a1887f"/>'],
  stall: ['占道经营', 'linear-gradient(#f5deb3,#d0d0d0)',
    '<rect x="0" y="400" width="640" height="80" fill="#555"/>' +
    '<rect x="60" y="250" width="240" height="150" fill="#e67e22"/>' +
    '<rect x="340" y="230" width="260" height="170" fill="#2980b9"/>'],
  firelane: ['消防车通道堵塞', 'linear-gradient(#dfe6e9,#b2bec3)',
    '<rect x="0" y="380" width="640" height="100" fill="#fdcb6e"/>' +
    '<text x="520" y="440" font-size="28" fill="#d63031" text-anchor="middle">消防车通道</text>' +
    '<rect x="100" y="300" width="320" height="110" rx="18" fill="#2d3436"/>' +
    '<circle cx="160" cy="420" r="28" fill="#111"/><circle cx="360" cy="420" r="28" fill="#111"/>'],
  doc: ['执法文书', 'linear-gradient(#ecf0f1,#bdc3c7)',
    '<rect x="150" y="70" width="340" height="400" fill="#fff" stroke="#999"/>' +
    '<text x="320" y="130" font-size="22" fill="#c0392b" text-anchor="middle">青川区东湖街道</text>' +
    '<text x="320" y="165" font-size="20" fill="#222" text-anchor="middle">执法文书扫描件</text>' +
    Array.from({ length: 9 }, (_, i) =>
      `<rect x="185" y="${200 + i * 26}" width="${270 - (i % 3) * 40}" height="8" fill="#ccc"/>`)
      .join('') +
    '<circle cx="410" cy="420" r="34" fill="none" stroke="#c0392b" stroke-width="4"/>'],
};

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
const page = await browser.newPage({ viewport: { width: 640, height: 480 } });
for (const [name, [title, bg, svg]] of Object.entries(scenes)) {
  await page.setContent(`<body style="margin:0;font-family:'Noto Sans CJK SC',sans-serif">
    <div style="width:640px;height:480px;background:${bg};position:relative">
    <svg width="640" height="480" style="position:absolute;left:0;top:0">${svg}</svg>
    <div style="position:absolute;top:18px;width:100%;text-align:center;font-size:30px;
      color:#fff;text-shadow:0 0 4px #000">${title}${name === 'doc' ? '' : ' 现场照片'}</div>
    <div style="position:absolute;bottom:12px;width:100%;text-align:center;font-size:18px;
      color:#222">演示图片（虚构场景，仅用于系统演示）</div></div></body>`);
  const jpg = await page.screenshot({ type: 'jpeg', quality: 70 });
  writeFileSync(new URL(`../data/demo/${name}.jpg`, import.meta.url), jpg);
}
await browser.close();
