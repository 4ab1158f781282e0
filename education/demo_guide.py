"""Demo FAQ, glossary and quizzes (Indonesian): 20 questions over the seven demo themes, 38
glossary terms, two quizzes of five questions. General election knowledge, no person, party
or candidate named. Every row passes full_clean(); running it again changes nothing (rows are
looked up by slug). The themes are the items' demo themes (education.demo), made if
missing."""

from django.db import transaction
from django.utils.text import slugify

# The themes of the items' demo, made there if missing: one list of demo themes.
from education.demo import _themes
from education.models import GlossaryTerm, Question, Quiz, QuizChoice, QuizQuestion

# (theme slug, question, answer)
FAQ = [
    (
        "hak-pilih",
        "Siapa yang boleh memilih?",
        "Warga negara Indonesia yang pada hari pemungutan suara sudah berusia 17 tahun, atau "
        "sudah atau pernah menikah. Anggota TNI dan Polri yang masih aktif tidak memilih.",
    ),
    (
        "hak-pilih",
        "Bagaimana cara mengecek apakah saya terdaftar sebagai pemilih?",
        "Buka laman cek DPT milik KPU dan masukkan NIK dari KTP-el Anda. Bisa juga bertanya ke "
        "petugas PPS di kantor desa atau kelurahan.",
    ),
    (
        "hak-pilih",
        "Nama saya tidak ada di DPT. Apakah saya masih bisa memilih?",
        "Bisa. Datang ke TPS sesuai alamat di KTP-el Anda pada jam terakhir pemungutan suara dan "
        "tunjukkan KTP-el. Anda dicatat dalam Daftar Pemilih Khusus (DPK), selama surat suara "
        "masih tersedia.",
    ),
    (
        "hak-pilih",
        "Saya sedang merantau. Bisakah memilih di tempat lain?",
        "Bisa, dengan mengurus pindah memilih ke PPS atau KPU sebelum batas waktu yang diumumkan "
        "KPU. Anda lalu masuk Daftar Pemilih Tambahan (DPTb) di TPS tujuan.",
    ),
    (
        "hak-pilih",
        "Apakah pemilih penyandang disabilitas boleh didampingi?",
        "Boleh. Pemilih boleh memilih sendiri pendampingnya, dan pendamping wajib merahasiakan "
        "pilihannya. Pemilih tunanetra dapat meminta alat bantu coblos (template huruf Braille).",
    ),
    (
        "tahapan",
        "Apa saja tahapan pemilu?",
        "Antara lain: pemutakhiran data pemilih, pencalonan, kampanye, masa tenang, pemungutan dan "
        "penghitungan suara, rekapitulasi hasil, lalu penetapan hasil. Setiap tahapan diawasi "
        "Bawaslu.",
    ),
    (
        "tahapan",
        "Apa itu masa tenang?",
        "Hari-hari terakhir sebelum pemungutan suara. Selama masa tenang semua bentuk kampanye "
        "dilarang, termasuk iklan dan pembagian bahan kampanye.",
    ),
    (
        "tahapan",
        "Siapa yang menghitung suara di TPS?",
        "Petugas KPPS, di depan saksi, pengawas TPS dan warga yang ingin menyaksikan. "
        "Penghitungan dilakukan terbuka, hari itu juga.",
    ),
    (
        "politik-uang",
        "Apa itu politik uang?",
        "Memberi atau menjanjikan uang atau barang supaya orang memilih atau tidak memilih calon "
        "tertentu. Bentuknya bisa amplop, sembako, pulsa atau voucer.",
    ),
    (
        "politik-uang",
        "Saya ditawari uang untuk memilih calon tertentu. Apa yang harus saya lakukan?",
        "Tolak. Catat siapa yang memberi, kapan dan di mana, dan simpan buktinya bila aman. "
        "Laporkan ke Bawaslu atau pengawas desa paling lambat tujuh hari sejak kejadian diketahui.",
    ),
    (
        "politik-uang",
        "Apakah penerima politik uang juga bisa dihukum?",
        "Pada pemilihan kepala daerah, pemberi dan penerima sama-sama dapat dipidana. Jadi "
        "menolak adalah pilihan yang aman.",
    ),
    (
        "netralitas",
        "Apakah ASN boleh ikut kampanye?",
        "Tidak. ASN harus netral: tidak menjadi peserta atau pelaksana kampanye, tidak memakai "
        "atribut peserta pemilu, dan tidak menunjukkan dukungan di media sosial. ASN tetap "
        "memakai hak pilihnya di TPS.",
    ),
    (
        "netralitas",
        "Bolehkah kepala desa mendukung salah satu calon?",
        "Tidak. Kepala desa dan perangkat desa dilarang membuat keputusan atau tindakan yang "
        "menguntungkan atau merugikan peserta pemilu.",
    ),
    (
        "hoaks-literasi-digital",
        "Bagaimana mengenali hoaks tentang pemilu?",
        "Curigai judul yang memancing marah, sumber yang tidak jelas, dan ajakan untuk segera "
        "menyebarkan. Cocokkan dengan situs resmi KPU, Bawaslu atau media tepercaya.",
    ),
    (
        "hoaks-literasi-digital",
        "Saya menerima kabar pemilu yang meragukan di grup WhatsApp. Apa yang harus saya lakukan?",
        "Jangan ikut menyebarkan. Periksa klarifikasi hoaks di portal ini, dan kirimkan kabar itu "
        "ke Bawaslu lewat WhatsApp atau Posko Aduan agar diperiksa.",
    ),
    (
        "cara-melapor",
        "Bagaimana cara melaporkan dugaan pelanggaran pemilu?",
        "Lewat Posko Aduan di portal ini, datang ke kantor Bawaslu, atau melalui pengawas "
        "kecamatan dan desa. Sebutkan apa yang terjadi, kapan, di mana, siapa yang terlibat, dan "
        "lampirkan bukti bila ada.",
    ),
    (
        "cara-melapor",
        "Berapa lama batas waktu melapor?",
        "Laporan disampaikan paling lambat tujuh hari sejak pelanggaran diketahui. Makin cepat, "
        "makin mudah ditangani.",
    ),
    (
        "cara-melapor",
        "Apakah identitas pelapor dirahasiakan?",
        "Ya. Bawaslu menjaga identitas pelapor. Di Posko Aduan portal ini Anda juga bisa mengadu "
        "tanpa menyebutkan nama.",
    ),
    (
        "pengawasan-partisipatif",
        "Bagaimana saya bisa ikut mengawasi pemilu?",
        "Saksikan pemungutan dan penghitungan suara di TPS, perhatikan kampanye di sekitar Anda, "
        "dan laporkan bila melihat pelanggaran. Anda juga bisa ikut kegiatan pengawasan "
        "partisipatif Bawaslu.",
    ),
    (
        "pengawasan-partisipatif",
        "Bolehkah memotret hasil penghitungan suara di TPS?",
        "Boleh. Penghitungan suara terbuka untuk umum, dan warga boleh mendokumentasikan hasilnya. "
        "Yang dilarang adalah memotret surat suara yang sudah dicoblos di bilik suara.",
    ),
]

# (term, definition, see also)
GLOSSARY = [
    (
        "Bawaslu",
        "Badan Pengawas Pemilihan Umum: lembaga yang mengawasi jalannya pemilu dan "
        "menangani pelanggarannya, dari tingkat pusat sampai kabupaten dan kota.",
        ["Panwascam", "PKD", "PTPS"],
    ),
    (
        "KPU",
        "Komisi Pemilihan Umum: lembaga yang menyelenggarakan pemilu, dari daftar pemilih "
        "sampai penetapan hasil.",
        ["PPK", "PPS", "KPPS"],
    ),
    (
        "DKPP",
        "Dewan Kehormatan Penyelenggara Pemilu: memeriksa dugaan pelanggaran kode etik "
        "oleh anggota KPU dan Bawaslu.",
        [],
    ),
    (
        "DPS",
        "Daftar Pemilih Sementara: daftar pemilih hasil pencocokan dan penelitian, "
        "diumumkan agar warga bisa memeriksa dan memberi masukan.",
        ["DPT", "Coklit"],
    ),
    (
        "DPT",
        "Daftar Pemilih Tetap: daftar warga yang berhak memilih, ditetapkan KPU. Periksa "
        "nama Anda sebelum hari pemungutan suara.",
        ["DPTb", "DPK"],
    ),
    (
        "DPTb",
        "Daftar Pemilih Tambahan: pemilih yang terdaftar di DPT tetapi pindah memilih ke "
        "TPS lain, misalnya karena merantau atau dirawat di rumah sakit.",
        ["DPT"],
    ),
    (
        "DPK",
        "Daftar Pemilih Khusus: warga yang berhak memilih tetapi tidak ada di DPT. Mereka "
        "memilih dengan KTP-el di TPS sesuai alamatnya, pada jam terakhir.",
        ["DPT", "KTP-el"],
    ),
    (
        "Coklit",
        "Pencocokan dan penelitian: petugas datang ke rumah untuk memeriksa data pemilih.",
        ["Pantarlih"],
    ),
    (
        "Pantarlih",
        "Petugas Pemutakhiran Data Pemilih: petugas yang melakukan coklit dari rumah ke rumah.",
        ["Coklit"],
    ),
    (
        "TPS",
        "Tempat Pemungutan Suara: tempat warga mencoblos dan tempat suara dihitung.",
        ["KPPS", "PTPS"],
    ),
    (
        "KPPS",
        "Kelompok Penyelenggara Pemungutan Suara: petugas yang melayani pemilih dan "
        "menghitung suara di TPS.",
        ["TPS"],
    ),
    (
        "PPS",
        "Panitia Pemungutan Suara: penyelenggara pemilu di tingkat desa atau kelurahan.",
        ["PPK"],
    ),
    (
        "PPK",
        "Panitia Pemilihan Kecamatan: penyelenggara pemilu di tingkat kecamatan, antara "
        "lain merekapitulasi suara dari desa.",
        ["Rekapitulasi"],
    ),
    (
        "Panwascam",
        "Panitia Pengawas Pemilu Kecamatan: pengawas pemilu di tingkat kecamatan.",
        ["PKD", "Bawaslu"],
    ),
    (
        "PKD",
        "Pengawas Kelurahan/Desa: pengawas pemilu di desa atau kelurahan. Tempat terdekat "
        "untuk menyampaikan laporan.",
        ["Panwascam", "PTPS"],
    ),
    (
        "PTPS",
        "Pengawas Tempat Pemungutan Suara: satu pengawas di setiap TPS yang mengawasi "
        "pemungutan dan penghitungan suara.",
        ["TPS", "PKD"],
    ),
    (
        "Hak pilih",
        "Hak warga negara untuk memilih. Dimiliki WNI berusia 17 tahun atau yang sudah "
        "atau pernah menikah.",
        ["Pemilih pemula", "DPT"],
    ),
    (
        "Pemilih pemula",
        "Warga yang baru pertama kali memilih, umumnya pelajar dan mahasiswa.",
        ["Hak pilih"],
    ),
    (
        "KTP-el",
        "Kartu tanda penduduk elektronik. Dipakai untuk mengecek data pemilih dan untuk "
        "memilih bila nama tidak ada di DPT.",
        ["DPK"],
    ),
    (
        "Kampanye",
        "Kegiatan peserta pemilu untuk meyakinkan pemilih dengan visi, misi dan "
        "program. Hanya boleh pada masa kampanye.",
        ["Masa tenang"],
    ),
    (
        "Masa tenang",
        "Hari-hari terakhir sebelum pemungutan suara; semua bentuk kampanye dilarang.",
        ["Kampanye"],
    ),
    (
        "Pemungutan suara",
        "Saat pemilih mencoblos surat suara di bilik TPS, secara langsung, "
        "umum, bebas dan rahasia.",
        ["TPS", "Surat suara"],
    ),
    (
        "Surat suara",
        "Kertas berisi nama atau gambar peserta pemilu yang dicoblos pemilih. "
        "Surat suara yang sudah dicoblos tidak boleh difoto.",
        ["Pemungutan suara"],
    ),
    (
        "Formulir C Hasil",
        "Catatan hasil penghitungan suara di TPS yang ditandatangani petugas "
        "dan saksi. Warga boleh memotretnya.",
        ["Rekapitulasi"],
    ),
    (
        "Rekapitulasi",
        "Penjumlahan hasil suara secara berjenjang: dari TPS ke kecamatan, "
        "kabupaten atau kota, provinsi, lalu nasional.",
        ["PPK", "Formulir C Hasil"],
    ),
    (
        "Saksi",
        "Orang yang ditunjuk peserta pemilu untuk menyaksikan pemungutan dan "
        "penghitungan suara di TPS.",
        [],
    ),
    (
        "Pemantau pemilu",
        "Lembaga yang terdaftar untuk memantau pemilu secara mandiri dan menyampaikan temuannya.",
        ["Pengawasan partisipatif"],
    ),
    (
        "Politik uang",
        "Memberi atau menjanjikan uang atau barang supaya orang memilih atau tidak "
        "memilih calon tertentu. Dapat dipidana.",
        ["Tindak pidana pemilu"],
    ),
    (
        "Netralitas ASN",
        "Kewajiban aparatur sipil negara untuk tidak berpihak kepada peserta "
        "pemilu, termasuk di media sosial.",
        ["ASN"],
    ),
    (
        "ASN",
        "Aparatur Sipil Negara: pegawai negeri sipil dan pegawai pemerintah dengan "
        "perjanjian kerja.",
        ["Netralitas ASN"],
    ),
    (
        "Pelanggaran administratif",
        "Pelanggaran tata cara, prosedur atau mekanisme pemilu. "
        "Diperiksa dan diputus oleh Bawaslu.",
        ["Tindak pidana pemilu"],
    ),
    (
        "Tindak pidana pemilu",
        "Pelanggaran yang diancam hukuman pidana, seperti politik uang. "
        "Ditangani bersama dalam Sentra Gakkumdu.",
        ["Sentra Gakkumdu"],
    ),
    (
        "Sentra Gakkumdu",
        "Sentra Penegakan Hukum Terpadu: Bawaslu, kepolisian dan kejaksaan "
        "yang bersama-sama menangani tindak pidana pemilu.",
        ["Tindak pidana pemilu"],
    ),
    (
        "Sengketa proses",
        "Perselisihan karena keputusan penyelenggara, misalnya penolakan "
        "pendaftaran calon. Diselesaikan oleh Bawaslu.",
        [],
    ),
    (
        "Pengawasan partisipatif",
        "Pengawasan pemilu oleh warga: melihat, mencatat dan melaporkan dugaan pelanggaran.",
        ["Pemantau pemilu"],
    ),
    ("Hoaks", "Kabar bohong yang dibuat seolah benar. Periksa dulu sebelum membagikan.", []),
    ("Pilkada", "Pemilihan kepala daerah: gubernur, bupati dan wali kota beserta wakilnya.", []),
    ("Dapil", "Daerah pemilihan: wilayah tempat kursi wakil rakyat diperebutkan.", []),
]

# title, theme slug, intro, [(question, explanation, [(choice, correct)])]
QUIZZES = [
    (
        "Kenali Hak Pilihmu",
        "hak-pilih",
        "Lima pertanyaan singkat tentang siapa yang boleh memilih dan bagaimana caranya.",
        [
            (
                "Berapa usia paling rendah untuk bisa memilih (bila belum pernah menikah)?",
                "Warga negara yang berusia 17 tahun pada hari pemungutan suara, atau sudah atau "
                "pernah menikah, berhak memilih.",
                [("15 tahun", False), ("17 tahun", True), ("21 tahun", False)],
            ),
            (
                "Nama Anda tidak ada di DPT, tetapi Anda punya "
                "KTP-el dengan alamat di desa ini. Apa yang bisa dilakukan?",
                "Anda tetap bisa memilih di TPS sesuai alamat KTP-el pada jam terakhir, dan "
                "dicatat "
                "dalam Daftar Pemilih Khusus (DPK).",
                [
                    ("Tidak bisa memilih sama sekali", False),
                    ("Datang ke TPS sesuai alamat KTP-el pada jam terakhir", True),
                    ("Mendaftar ulang di kantor kecamatan pada hari pemungutan suara", False),
                ],
            ),
            (
                "Anda kuliah di kota lain saat hari pemungutan suara. Apa yang perlu diurus?",
                "Urus pindah memilih sebelum batas waktunya; Anda lalu masuk Daftar Pemilih "
                "Tambahan (DPTb) di TPS tujuan.",
                [
                    ("Pindah memilih, agar masuk DPTb di TPS tujuan", True),
                    ("Tidak perlu apa-apa; semua TPS menerima semua pemilih", False),
                    ("Menitipkan surat suara kepada keluarga", False),
                ],
            ),
            (
                "Pemilih tunanetra ingin didampingi. Siapa yang boleh mendampingi?",
                "Pemilih memilih sendiri pendampingnya, dan pendamping wajib merahasiakan pilihan.",
                [
                    ("Hanya petugas KPPS", False),
                    ("Orang pilihan pemilih sendiri, yang wajib merahasiakan pilihannya", True),
                    ("Saksi peserta pemilu", False),
                ],
            ),
            (
                "Bolehkah memotret surat suara yang sudah Anda coblos di bilik suara?",
                "Tidak boleh: pilihan itu rahasia, dan foto surat suara bisa dipakai untuk "
                "membuktikan pilihan demi imbalan. Yang boleh difoto adalah hasil penghitungan.",
                [
                    ("Boleh, untuk kenang-kenangan", False),
                    ("Tidak boleh", True),
                    ("Boleh, asal tidak diunggah", False),
                ],
            ),
        ],
    ),
    (
        "Tolak Politik Uang, Jaga Netralitas",
        "politik-uang",
        "Uji pemahaman tentang politik uang, netralitas dan cara melapor.",
        [
            (
                "Manakah yang termasuk politik uang?",
                "Memberi uang atau barang agar orang memilih calon tertentu adalah politik uang. "
                "Menyampaikan program dan berdebat adalah kampanye yang sah.",
                [
                    ("Amplop berisi uang agar memilih calon tertentu", True),
                    ("Kampanye tatap muka menyampaikan program", False),
                    ("Debat publik antarcalon", False),
                ],
            ),
            (
                "Tetangga menawarkan sembako asal Anda memilih "
                "calon tertentu. Apa yang sebaiknya dilakukan?",
                "Tolak, catat kejadiannya, dan laporkan ke Bawaslu atau pengawas desa paling "
                "lambat "
                "tujuh hari sejak diketahui.",
                [
                    ("Terima saja, toh pilihan tetap rahasia", False),
                    ("Tolak dan laporkan ke Bawaslu atau pengawas desa", True),
                    ("Terima lalu bagikan ke tetangga lain", False),
                ],
            ),
            (
                "Seorang ASN membagikan unggahan kampanye salah satu "
                "calon di media sosial. Bagaimana menurut aturan?",
                "ASN wajib netral, juga di media sosial. Membagikan atau mendukung unggahan "
                "kampanye "
                "termasuk pelanggaran netralitas.",
                [
                    ("Boleh, karena akun pribadi", False),
                    ("Melanggar netralitas ASN", True),
                    ("Boleh, asal di luar jam kerja", False),
                ],
            ),
            (
                "Apa yang dilarang selama masa tenang?",
                "Selama masa tenang semua bentuk kampanye dilarang, termasuk iklan dan pembagian "
                "bahan kampanye.",
                [
                    ("Semua bentuk kampanye", True),
                    ("Mengecek nama di DPT", False),
                    ("Membaca berita pemilu", False),
                ],
            ),
            (
                "Siapa yang mengawasi pemungutan dan penghitungan suara di setiap TPS?",
                "Di setiap TPS ada satu Pengawas TPS (PTPS) dari Bawaslu.",
                [
                    ("PTPS (Pengawas TPS)", True),
                    ("Ketua RT", False),
                    ("Saksi peserta pemilu saja", False),
                ],
            ),
        ],
    ),
]


def _saved(instance):
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def seed_education_guide() -> None:
    themes = _themes()
    for order, (theme_slug, question, answer) in enumerate(FAQ):
        slug = slugify(question)[:80].rstrip("-")
        if not Question.objects.filter(slug=slug).exists():
            _saved(
                Question(
                    theme=themes[theme_slug],
                    question=question,
                    slug=slug,
                    answer=answer,
                    order=order,
                    published=True,
                )
            )
    terms = {}
    for term, definition, _see_also in GLOSSARY:
        slug = slugify(term)
        terms[term] = GlossaryTerm.objects.filter(slug=slug).first() or _saved(
            GlossaryTerm(term=term, slug=slug, definition=definition, published=True)
        )
    for term, _definition, see_also in GLOSSARY:
        terms[term].see_also.add(*(terms[other] for other in see_also))
    for order, (title, theme_slug, intro, questions) in enumerate(QUIZZES):
        slug = slugify(title)
        if Quiz.objects.filter(slug=slug).exists():
            continue
        quiz = _saved(
            Quiz(title=title, slug=slug, intro=intro, theme=themes[theme_slug], order=order)
        )
        for number, (text, explanation, choices) in enumerate(questions):
            question = _saved(
                QuizQuestion(quiz=quiz, text=text, order=number, explanation=explanation)
            )
            for position, (choice, correct) in enumerate(choices):
                _saved(
                    QuizChoice(question=question, text=choice, is_correct=correct, order=position)
                )
        # Published once its questions exist: Quiz.clean checks them.
        quiz.published = True
        _saved(quiz)
