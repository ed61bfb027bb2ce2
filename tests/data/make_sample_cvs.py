"""Makes the sample CV PDFs in tests/data/cvs/ that the PDF text extraction tests read.

Regenerate them (they are committed, so only after changing this script) with:

    .venv/bin/python tests/data/make_sample_cvs.py   # from the repository root

WeasyPrint renders the CVs from the HTML below, pypdfium2 renders a CV to the picture in
image_only.pdf, and encrypted.pdf is written by hand with the PDF standard security handler
(revision 2, 40-bit RC4), since neither library encrypts. Re-running gives the same files
for the same WeasyPrint, pypdfium2 and fonts.
"""

import base64
import hashlib
import io
from pathlib import Path

import pypdfium2 as pdfium
from weasyprint import HTML

OUT = Path(__file__).parent / "cvs"
PASSWORD = b"open-sesame"

STYLE = r"""
@page { size: A4; margin: 18mm 16mm; }
body { font-family: 'DejaVu Sans', sans-serif; font-size: 9.5pt; line-height: 1.35; }
h1 { font-size: 20pt; margin: 0; }
h2 { font-size: 12pt; border-bottom: 1px solid #444; margin: 14px 0 6px; }
h3 { font-size: 10pt; margin: 8px 0 2px; }
p, ul { margin: 2px 0; }
ul { list-style: none; padding-left: 10px; }
li::before { content: "\2022\a0"; }
.contact { color: #333; }
.next-page { break-before: page; }
"""

SOFTWARE_ENGINEER = """
<h1>Jane Doe</h1>
<p class="contact">jane.doe@example.com | +44 20 7946 0958 | London, United Kingdom</p>
<h2>Summary</h2>
<p>Backend software engineer with seven years of experience building reliable payment and
logistics services in Python and Go. Enjoys turning slow, fragile systems into fast, well
tested ones.</p>
<h2>Experience</h2>
<h3>Senior Software Engineer, Acme Payments Ltd (2021 - present)</h3>
<ul>
<li>Led the rewrite of the settlement service, cutting nightly batch time from 4 hours
to 20 minutes.</li>
<li>Introduced contract tests between 12 services, halving production incidents in a year.</li>
<li>Mentored four junior engineers, two of whom were promoted.</li>
</ul>
<h3>Software Engineer, Parcelly GmbH (2018 - 2021)</h3>
<ul>
<li>Built the route planning API used by 300 couriers a day.</li>
<li>Moved deployments from hand-run scripts to a CI pipeline with zero-downtime releases.</li>
</ul>
<h2>Education</h2>
<p>BSc Computer Science, University of Manchester (2014 - 2017), First-class honours</p>
<h2>Skills</h2>
<p>Python, Go, PostgreSQL, Redis, Kafka, Docker, Kubernetes, AWS, domain-driven design</p>
"""

CAREER_CHANGER = """
<h1>Sam Rivera</h1>
<p class="contact">sam.rivera@example.org | +1 415 555 0132 | Oakland, California</p>
<h2>Summary</h2>
<p>Secondary-school chemistry teacher of ten years retraining as a data analyst. Brings
clear communication, patience with messy data and a habit of measuring what works.</p>
<h2>Experience</h2>
<h3>Chemistry Teacher, Lincoln High School (2014 - 2024)</h3>
<ul>
<li>Taught chemistry to 150 students a year; pass rates rose from 71% to 89%.</li>
<li>Built a spreadsheet tracker of test results that the whole science department adopted.</li>
</ul>
<h3>Volunteer Data Analyst, Bay Area Food Bank (2023 - present)</h3>
<ul>
<li>Analysed two years of donation data in SQL and Python to forecast weekly demand.</li>
<li>Presented a dashboard that helped plan volunteer shifts around peak days.</li>
</ul>
<div class="next-page">
<h2>Projects</h2>
<p>School attendance analysis: cleaned and joined five years of attendance records with pandas
and showed which interventions reduced absence.</p>
<h2>Education</h2>
<p>Data Analytics Certificate, Springboard (2024)</p>
<p>BSc Chemistry, University of California, Davis (2010 - 2014)</p>
<h2>Skills</h2>
<p>SQL, Python, pandas, Tableau, Excel, statistics, teaching and public speaking</p>
</div>
"""


def render(body: str) -> bytes:
    html = f"<html><head><style>{STYLE}</style></head><body>{body}</body></html>"
    pdf = HTML(string=html).write_pdf()
    assert pdf is not None
    return pdf


def picture_of_first_page(pdf: bytes) -> bytes:
    page = pdfium.PdfDocument(pdf)[0]
    image = page.render(scale=1.2, grayscale=True).to_pil()
    png = io.BytesIO()
    image.quantize(colors=4).save(png, format="PNG", optimize=True)
    return png.getvalue()


def image_only(pdf: bytes) -> bytes:
    source = base64.b64encode(picture_of_first_page(pdf)).decode()
    page = "@page { size: A4; margin: 0; } img { width: 210mm; height: 297mm; display: block; }"
    html = f'<html><head><style>{page}</style></head><body><img src="data:image/png;base64,{source}"></body></html>'  # noqa: E501
    result = HTML(string=html).write_pdf()
    assert result is not None
    return result


PADDING = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
FILE_ID = hashlib.md5(b"cvimprover encrypted sample", usedforsecurity=False).digest()
PERMISSIONS = -4  # everything allowed once opened: only opening needs the password


def rc4(key: bytes, data: bytes) -> bytes:
    state = list(range(256))
    j = 0
    for i in range(256):
        j = (j + state[i] + key[i % len(key)]) % 256
        state[i], state[j] = state[j], state[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + state[i]) % 256
        state[i], state[j] = state[j], state[i]
        out.append(byte ^ state[(state[i] + state[j]) % 256])
    return bytes(out)


def padded(password: bytes) -> bytes:
    return (password + PADDING)[:32]


def md5(data: bytes) -> bytes:
    return hashlib.md5(data, usedforsecurity=False).digest()


def security_entries(user: bytes, owner: bytes) -> tuple[bytes, bytes, bytes]:
    """The /O and /U entries and the file key (PDF 1.7, 7.6.3, algorithms 2 to 4, R2)."""
    owner_entry = rc4(md5(padded(owner))[:5], padded(user))
    seed = padded(user) + owner_entry + PERMISSIONS.to_bytes(4, "little", signed=True) + FILE_ID
    file_key = md5(seed)[:5]
    return owner_entry, rc4(file_key, PADDING), file_key


def object_key(file_key: bytes, number: int) -> bytes:
    return md5(file_key + number.to_bytes(3, "little") + (0).to_bytes(2, "little"))[:10]


def encrypted_objects(file_key: bytes, owner: bytes, user: bytes) -> list[bytes]:
    content = b"BT /F1 24 Tf 72 720 Td (Confidential CV of Jane Doe) Tj ET"
    sealed = rc4(object_key(file_key, 4), content)
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(sealed) + sealed + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>"
        % (owner.hex().encode(), user.hex().encode(), PERMISSIONS),
    ]


def encrypted() -> bytes:
    owner, user, file_key = security_entries(PASSWORD, b"owner-" + PASSWORD)
    out, offsets = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"), []
    for number, body in enumerate(encrypted_objects(file_key, owner, user), start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    file_id = FILE_ID.hex().encode()
    out += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 6 0 R" % (len(offsets) + 1)
    out += b" /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n" % (file_id, file_id, xref)
    return bytes(out)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    cv = render(SOFTWARE_ENGINEER)
    samples = {
        "software_engineer.pdf": cv,
        "career_changer.pdf": render(CAREER_CHANGER),
        "image_only.pdf": image_only(cv),
        "encrypted.pdf": encrypted(),
        "corrupt.pdf": cv[: len(cv) * 40 // 100],
        "empty_page.pdf": render(""),
    }
    for name, data in samples.items():
        (OUT / name).write_bytes(data)
        print(f"{name}: {len(data)} bytes")


if __name__ == "__main__":
    main()
