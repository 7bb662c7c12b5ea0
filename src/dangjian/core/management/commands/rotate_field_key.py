"""`dangjian rotate-field-key`: re-encrypt every ID number and phone, and recompute their blind indexes, under a
new field key (and, with --cipher, a new cipher). Run it with the server stopped; if it is interrupted, run it
again: it finishes the job (core/rotation.py says how)."""

from django.core.management.base import BaseCommand, CommandError

from dangjian.core.crypto import AES, CIPHER_NAMES, SM4, cipher_of
from dangjian.core.rotation import RotationError, rotate


class Command(BaseCommand):
    help = ("以新密钥重新加密全部身份证号、手机号并重算盲索引（先停止服务、备份数据库与密钥）。"
            "中断后再次运行即可完成。")

    def add_arguments(self, parser):
        parser.add_argument("--cipher", choices=[AES, SM4],
                            help="新密钥的算法（默认：DANGJIAN_FIELD_CIPHER 的值）；sm4-gcm 即国密 SM4-GCM + HMAC-SM3")
        parser.add_argument("--new-key-file",
                            help="新密钥所在的文件（默认：生成新密钥，存于数据目录的 field_key.next）")
        parser.add_argument("--old-key-file",
                            help="现用密钥所在的文件（默认：DANGJIAN_FIELD_KEY 或数据目录的 field_key）")
        parser.add_argument("--batch-size", type=int, default=500, help="每个事务处理的行数（默认 500）")

    def handle(self, *args, cipher=None, new_key_file=None, old_key_file=None, batch_size=500, verbosity=1,
               **options):
        if batch_size < 1:
            raise CommandError("--batch-size 至少为 1。")

        def say(line, level=1):
            if verbosity >= level:
                self.stdout.write(line)

        try:
            result = rotate(cipher=cipher, new_key_file=new_key_file, old_key_file=old_key_file,
                            batch_size=batch_size, say=say)
        except RotationError as exc:
            raise CommandError(str(exc)) from exc
        if result.old and result.old != result.new:
            say(self.style.SUCCESS(
                f"轮换完成：{result.values} 个值已由密钥 {result.old} 改为密钥 {result.new}"
                f"（{CIPHER_NAMES[cipher_of(result.new)]}）加密，盲索引已重算。"))
        elif result.old != result.new:
            say(self.style.SUCCESS(f"轮换完成：数据在密钥 {result.new} 下。"))
        for note in result.notes:
            say(note)
        if result.history_ciphertexts:
            say(self.style.WARNING(f"历史记录中有 {result.history_ciphertexts} 条疑似含密文，未改动：请人工检查。"))
        else:
            say("历史记录（操作日志）只保存脱敏后的号码，不含密文，无需重新加密。")

