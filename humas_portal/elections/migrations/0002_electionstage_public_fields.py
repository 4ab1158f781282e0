from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("elections", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="electionstage",
            name="legal_basis",
            field=models.CharField(
                blank=True,
                help_text="Peraturan yang menetapkan tahapan ini, mis. PKPU Nomor 2 Tahun 2024.",
                max_length=300,
                verbose_name="dasar hukum",
            ),
        ),
        migrations.AddField(
            model_name="electionstage",
            name="watch_points",
            field=models.TextField(
                blank=True,
                help_text="Apa yang diawasi pada tahapan ini, dalam kalimat pendek.",
                max_length=2000,
                verbose_name="yang diawasi Bawaslu",
            ),
        ),
        migrations.AddField(
            model_name="electionstage",
            name="report_hint",
            field=models.TextField(
                blank=True,
                help_text="Pelanggaran apa yang dapat dilaporkan pada tahapan ini, dan bagaimana.",
                max_length=2000,
                verbose_name="cara melaporkan pelanggaran",
            ),
        ),
    ]
