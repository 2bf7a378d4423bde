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

CSS = """\
@page { size: A4 landscape; margin: 0; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font-family: "DejaVu Serif", Georgia, "Times New Roman", serif; color: #1f2a44; background: #fff; }
.certificate { width: 297mm; height: 210mm; padding: 10mm; background: #fbf8f1; }
.frame {
  position: relative; height: 100%; border: 1.2mm solid #1f2a44; outline: 0.4mm solid #b08d3c;
  outline-offset: -3mm; padding: 14mm 20mm 12mm; display: flex; flex-direction: column;
}
header { display: flex; align-items: center; justify-content: center; gap: 5mm; }
.logo { height: 14mm; }
.organization {
  font-family: "DejaVu Sans", Arial, sans-serif; font-size: 13pt; letter-spacing: 0.35em;
  text-transform: uppercase; color: #b08d3c;
}
main { flex: 1; text-align: center; display: flex; flex-direction: column; justify-content: center; }
.kicker { font-size: 30pt; font-weight: bold; letter-spacing: 0.04em; margin-bottom: 5mm; }
.lead { font-style: italic; font-size: 13pt; color: #4a5570; margin: 3mm 0; }
.holder {
  font-size: 34pt; font-weight: bold; margin: 4mm auto; padding-bottom: 2mm;
  border-bottom: 0.4mm solid #b08d3c; display: inline-block; min-width: 140mm;
}
.course { font-size: 20pt; font-weight: bold; margin-top: 3mm; }
.code { font-family: "DejaVu Sans Mono", monospace; font-size: 10pt; color: #4a5570; margin-top: 2mm; }
footer { display: flex; align-items: flex-end; justify-content: space-between; gap: 8mm; }
.facts { display: flex; gap: 8mm; margin: 0; font-family: "DejaVu Sans", Arial, sans-serif; }
.facts dt { font-size: 7.5pt; text-transform: uppercase; letter-spacing: 0.12em; color: #8a6d2b; }
.facts dd { margin: 1mm 0 0; font-size: 10.5pt; white-space: nowrap; }
.facts .number { font-family: "DejaVu Sans Mono", monospace; }
.verify { display: flex; align-items: center; gap: 3mm; font-family: "DejaVu Sans", Arial, sans-serif; }
.qr { width: 26mm; height: 26mm; }
.verify-text { font-size: 7pt; color: #4a5570; max-width: 48mm; word-break: break-all; }
.verify-text span { font-family: "DejaVu Sans Mono", monospace; }
"""
