"""The built-in certificate (A4 landscape), used when neither the course nor the organization has one."""

NAME = "LearnBot default"

HTML = """\
<div class="certificate">
  <div class="frame">
    <header>
      {% if organization_logo_url %}<img class="logo" src="{{ organization_logo_url }}" alt="">{% endif %}
      <div class="organization">{{ organization_name }}</div>
    </header>
    <main>
      <div class="kicker">Certificate of Completion</div>
      <div class="lead">This certifies that</div>
      <div class="holder">{{ trainee_name }}</div>
      <div class="lead">has successfully completed the course</div>
      <div class="course">{{ course_title }}</div>
      <div class="code">{{ course_code }}</div>
    </main>
    <footer>
      <dl class="facts">
        <div><dt>Completed</dt><dd>{{ completion_date }}</dd></div>
        {% if score %}<div><dt>Score</dt><dd>{{ score }}</dd></div>{% endif %}
        <div><dt>Issued</dt><dd>{{ issue_date }}</dd></div>
        <div><dt>Valid until</dt><dd>{{ expiry_date or "No expiry" }}</dd></div>
        <div><dt>Certificate no.</dt><dd class="number">{{ certificate_number }}</dd></div>
      </dl>
      <div class="verify">
        <img class="qr" src="{{ qr_code }}" alt="QR code of the verification link">
        <div class="verify-text">Verify at<br><span>{{ verification_url }}</span></div>
      </div>
    </footer>
  </div>
</div>
"""

# Positioned blocks, not flexbox: WeasyPrint lays flexbox out about ten times slower.
CSS = """\
@page { size: A4 landscape; margin: 0; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font-family: "DejaVu Serif", Georgia, "Times New Roman", serif; color: #1f2a44; background: #fff; }
.certificate { width: 297mm; height: 210mm; padding: 10mm; background: #fbf8f1; }
.frame {
  position: relative; height: 100%; border: 1.2mm solid #1f2a44; outline: 0.4mm solid #b08d3c;
  outline-offset: -3mm;
}
header { position: absolute; top: 14mm; left: 20mm; right: 20mm; text-align: center; }
.logo { height: 14mm; vertical-align: middle; margin-right: 5mm; }
.organization {
  display: inline-block; vertical-align: middle; font-family: "DejaVu Sans", Arial, sans-serif; font-size: 13pt;
  letter-spacing: 0.35em; text-transform: uppercase; color: #b08d3c;
}
main { position: absolute; top: 36mm; left: 20mm; right: 20mm; text-align: center; }
.kicker { font-size: 30pt; font-weight: bold; letter-spacing: 0.04em; margin-bottom: 5mm; }
.lead { font-style: italic; font-size: 13pt; color: #4a5570; margin: 3mm 0; }
.holder {
  font-size: 34pt; font-weight: bold; margin: 4mm auto; padding-bottom: 2mm;
  border-bottom: 0.4mm solid #b08d3c; display: inline-block; min-width: 140mm;
}
.course { font-size: 20pt; font-weight: bold; margin-top: 3mm; }
.code { font-family: "DejaVu Sans Mono", monospace; font-size: 10pt; color: #4a5570; margin-top: 2mm; }
footer { position: absolute; bottom: 12mm; left: 20mm; right: 20mm; height: 28mm; }
.facts {
  position: absolute; left: 0; right: 78mm; bottom: 2mm; margin: 0; font-family: "DejaVu Sans", Arial, sans-serif;
}
.facts > div { display: inline-block; vertical-align: bottom; margin: 2mm 6mm 0 0; }
.facts dt { font-size: 7.5pt; text-transform: uppercase; letter-spacing: 0.12em; color: #8a6d2b; }
.facts dd { margin: 1mm 0 0; font-size: 10pt; white-space: nowrap; }
.facts .number { font-family: "DejaVu Sans Mono", monospace; }
.verify { position: absolute; right: 0; bottom: 0; font-family: "DejaVu Sans", Arial, sans-serif; }
.qr { width: 26mm; height: 26mm; vertical-align: middle; margin-right: 3mm; }
.verify-text {
  display: inline-block; vertical-align: middle; font-size: 7pt; color: #4a5570; width: 44mm; word-break: break-all;
}
.verify-text span { font-family: "DejaVu Sans Mono", monospace; }
"""
