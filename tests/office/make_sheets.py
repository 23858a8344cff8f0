#!/usr/bin/env python3
"""Spreadsheets for tests/office_import.rs, built with openpyxl (and xlwt for the .xls), not
with ziping's own exporter: the layouts units send in, each written the way a person would in
Excel.

    make_sheets.py OUT_DIR                 writes every file below into OUT_DIR
    make_sheets.py --edit-export IN OUT    edits an exported .xlsx as a person would in Excel

Exit status 3 when openpyxl or xlwt is missing (the Rust test says what to install).

Files:
  mof-seed.xlsx / mof-seed.xls  the 承德 2021 seed in the MOF 附件1 layout (merged 一级/二级 and
                                header cells, the title with 年度, placeholder and blank rows)
  sichuan.xlsx                  四川 funds rows, an instructions sheet first, title rows above,
                                split labels (三 级 指 标, 年度\\n指标值), 一级 weights in labels
                                (产出指标(50分)), notes and a signature line under the table
  yunnan.xlsx                   云南: 年度指标值 split into 指标性质 | 指标值 | 度量单位
  odd.xlsx                      reordered columns, an offset table, 一级/二级 unmerged, numbers as
                                text and text as numbers, percent formats, dates, a 得分 that
                                disagrees and a wrong 总分, notes, a sheet after the form
  bad files                     corrupt.xlsx, empty-workbook.xlsx, blank.xlsx, not-a-form.xlsx,
                                missing-target.xlsx, encrypted.xlsx, not-a-spreadsheet.xlsx,
                                webpage.xls, word.docx, opendocument.ods, binary.xlsb
"""

import datetime
import io
import os
import struct
import sys
import zipfile

try:
    import openpyxl
    from openpyxl.styles import Alignment
    import xlwt
except ImportError as e:  # pragma: no cover
    print(f"make_sheets.py needs openpyxl and xlwt ({e}): pip install openpyxl xlwt", file=sys.stderr)
    sys.exit(3)

WRAP = Alignment(wrap_text=True, vertical="center")


# ------------------------------------------------------------------------------------------
# A sheet written cell by cell, the same way for openpyxl and xlwt (rows and columns from 1).

class XlsxSheet:
    # Whether the reader sees number formats (calamine reads them from .xlsx only).
    formats = True

    def __init__(self, ws):
        self.ws = ws

    def put(self, r, c, v, fmt=None):
        cell = self.ws.cell(row=r, column=c, value=v)
        cell.alignment = WRAP
        if fmt:
            cell.number_format = fmt

    def merge(self, r1, c1, r2, c2, v, fmt=None):
        self.put(r1, c1, v, fmt)
        if (r1, c1) != (r2, c2):
            self.ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)


class XlsSheet:
    formats = False

    def __init__(self, ws):
        self.ws = ws
        self.styles = {}

    def style(self, fmt):
        if fmt not in self.styles:
            self.styles[fmt] = xlwt.easyxf("align: wrap on, vert centre", num_format_str=fmt or "General")
        return self.styles[fmt]

    def put(self, r, c, v, fmt=None):
        if v is None:
            return
        self.ws.write(r - 1, c - 1, v, self.style(fmt))

    def merge(self, r1, c1, r2, c2, v, fmt=None):
        if (r1, c1) == (r2, c2):
            self.put(r1, c1, v, fmt)
        else:
            self.ws.write_merge(r1 - 1, r2 - 1, c1 - 1, c2 - 1, "" if v is None else v, self.style(fmt))


# ------------------------------------------------------------------------------------------
# The seed (承德县 2021 社保工作专项经费) in the MOF 附件1 layout, nine columns A–I as printed.
# Most actual percents are numbers in a percent format, as Excel stores 100% typed in a cell.

SEED_GROUPS = [
    ("产出指标\n50 分", [
        ("数量指标", [("失业动态监测企业数", "40家", "40家", 10, 10),
                  ("退休人员数量", 10148, 10148, 8, 8)]),
        ("质量指标", [("资金使用合理率", "≥95%", 1.0, 8, 8),
                  ("发放差错率", "≤1%", 0.0, 8, 8),
                  None]),
        ("时效指标", [("问题整改率", "≥95%", 1.0, 8, 8),
                  ("业务处理及时性", "≥95%", "100%", 8, 8),
                  None]),
        ("成本指标", [("指标 1:",), ("指标 2:",), None]),
    ]),
    ("效益指标\n30 分", [
        ("经济效益\n指标", [("完善就业失业监测统计", "完善", "完善", 10, 10), ("指标 2:",), None]),
        ("社会效益\n指标", [("维护社会稳定", "得到提升", "得到提升", 10, 10), ("指标 2:",), None]),
        ("生态效益\n指标", [("指标 1:",), ("指标 2:",)]),
        ("可持续影\n响指标", [("工作连续的持久度", "得到提升", "得到提升", 10, 10), ("指标 2:",), None]),
    ]),
    ("满意度\n指标\n10 分", [
        ("服务对象\n满意度指\n标", [("企业退休人员满意率", "≥95%", 1.0, 10, 10), ("指标 2:",), None]),
    ]),
]

EXPECTED_GOAL = "按照上级要求及时发放失业动态监测联络员的工作补贴，按时完成退休人员的社会化管理工作，做好社保基金扩面征收、发放等工作。"
ACHIEVED_GOAL = "按时完成退休人员的社会化管理工作，做好社保基金扩面征收、发放等工作。失业动态监测联络员的工作正在进行中。"


def funds_rows(s, first, rows, rate_format):
    """The funds block's rows from row `first` in the MOF columns: the label over B:C, then
    年初预算数, 全年预算数, 全年执行数, 分值, 执行率 (in `rate_format`) and 得分."""
    for r, (label, a, b, c, w, rate, score) in enumerate(rows, start=first):
        s.merge(r, 2, r, 3, label)
        for col, v in zip(range(4, 7), (a, b, c)):
            s.put(r, col, v)
        s.put(r, 7, w)
        s.put(r, 8, rate, rate_format)
        s.put(r, 9, score)


def seed_sheet(s):
    s.put(1, 1, "附件 1:")
    s.merge(2, 1, 2, 9, "社保工作专项经费项目支出绩效自评表")
    s.merge(3, 1, 3, 9, "(2021 年度)")
    s.merge(4, 1, 4, 2, "项目名称")
    s.merge(4, 3, 4, 9, "社保工作专项经费")
    s.merge(5, 1, 5, 2, "主管部门")
    s.merge(5, 3, 5, 5, "承德县人力资源和社会保障局")
    s.put(5, 6, "实施单位")
    s.merge(5, 7, 5, 9, "承德县社会保险事业管理局")
    # The funds block: A6:A10 merged, the row labels in B:C.
    s.merge(6, 1, 10, 1, "项目资金\n（万元）")
    s.merge(6, 2, 6, 3, None)
    for c, label in zip(range(4, 10), ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]):
        s.put(6, c, label)
    rows = [("年度资金总额", 8.89, 8.89, 3.49, 10, 0.3925, 3.9),
            ("其中：当年财政拨款", 5.4, 5.4, 0, "—", None, "—"),
            ("上年结转资金", 3.49, 3.49, 3.49, "—", None, "—"),
            ("其他资金", None, None, None, "—", None, "—")]
    funds_rows(s, 7, rows, "0.00%")
    # 年度总体目标.
    s.merge(11, 1, 12, 1, "年度\n总体\n目标")
    s.merge(11, 2, 11, 5, "预期目标")
    s.merge(11, 6, 11, 9, "实际完成情况")
    s.merge(12, 2, 12, 5, EXPECTED_GOAL)
    s.merge(12, 6, 12, 9, ACHIEVED_GOAL)
    # The indicator table, the band 绩效指标 merged down column A beside it.
    for c, label in zip(range(2, 10), ["一级指标", "二级指标", "三级指标", "年度\n指标值", "实际\n完成值",
                                       "分值", "得分", "偏差原因分析\n及改进措施"]):
        s.put(13, c, label)
    r = 14
    for level1, groups in SEED_GROUPS:
        top1 = r
        for level2, items in groups:
            top2 = r
            for item in items:
                if item is not None:
                    s.put(r, 4, item[0])
                    if len(item) > 1:
                        _, target, actual, weight, score = item
                        if isinstance(target, int) and s.formats:
                            # 10148 shown as 10148人 by its number format.
                            s.put(r, 5, target, '0"人"')
                            s.put(r, 6, actual, '0"人"')
                        elif isinstance(target, int):
                            s.put(r, 5, f"{target}人")
                            s.put(r, 6, f"{actual}人")
                        else:
                            s.put(r, 5, target)
                            # 100% typed in Excel: the number 1 shown as a percent.
                            s.put(r, 6, actual, "0%" if isinstance(actual, float) else None)
                        s.put(r, 7, weight)
                        s.put(r, 8, score)
                r += 1
            s.merge(top2, 3, r - 1, 3, level2)
        s.merge(top1, 2, r - 1, 2, level1)
    s.merge(13, 1, r - 1, 1, "绩效\n指标")
    s.merge(r, 1, r, 6, "总分")
    s.put(r, 7, 100)
    s.put(r, 8, 93.9)


def mof_seed_xlsx(out):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "附件1"
    seed_sheet(XlsxSheet(ws))
    wb.save(os.path.join(out, "mof-seed.xlsx"))


def mof_seed_xls(out):
    wb = xlwt.Workbook(encoding="utf-8")
    seed_sheet(XlsSheet(wb.add_sheet("附件1", cell_overwrite_ok=True)))
    wb.save(os.path.join(out, "mof-seed.xls"))


# ------------------------------------------------------------------------------------------
# 四川: the 四川 funds rows and a 偏差原因 row, an instructions sheet before the form, title
# rows, labels split by spaces and line breaks, 一级 weights in the labels, notes under.

def sichuan(out):
    wb = openpyxl.Workbook()
    info = wb.active
    info.title = "填表说明"
    info["A1"] = "填表说明"
    info["A2"] = "1. 请在“自评表”工作表中填写；2. 金额单位为万元。"
    s = XlsxSheet(wb.create_sheet("自评表"))
    s.put(1, 1, "附件2")
    s.merge(3, 1, 3, 9, "2023年度项目支出绩效自评表")
    s.merge(4, 1, 4, 9, "填报单位（盖章）：某县教育局                金额单位：万元")
    s.merge(5, 1, 5, 9, "项目名称：义务教育学生营养改善计划")
    s.merge(6, 1, 6, 2, "主管部门")
    s.merge(6, 3, 6, 5, "某县教育局")
    s.put(6, 6, "实施单位")
    s.merge(6, 7, 6, 9, "某县学生资助管理中心")
    s.merge(7, 1, 13, 1, "项目资金\n（万元）")
    for c, label in zip(range(4, 10), ["年初\n预算数", "全年\n预算数", "全年\n执行数", "分 值", "执行率", "得 分"]):
        s.put(7, c, label)
    rows = [("年度资金总额", 100, 120, 102, "10分", 0.85, 8.5),
            ("其中：财政资金", 80, 100, 90, "—", None, "—"),
            ("财政专户管理资金", 10, 10, 8, "—", None, "—"),
            ("单位资金", 10, 10, 4, "—", None, "—"),
            ("其他", None, None, None, "—", None, "—")]
    funds_rows(s, 8, rows, "0%")
    s.merge(13, 2, 13, 3, "偏差原因")
    s.merge(13, 4, 13, 9, "部分补助资金年底才拨付到位，\n未能在年内全部支出。")
    s.merge(14, 1, 15, 1, "年度总体目标")
    s.merge(14, 2, 14, 5, "预 期 目 标")
    s.merge(14, 6, 14, 9, "实际完成\n情况")
    s.merge(15, 2, 15, 5, "为全县义务教育学生提供营养膳食补助。")
    s.merge(15, 6, 15, 9, "全年为 12500 名学生提供营养膳食补助。")
    s.merge(16, 1, 16, 9, "绩 效 指 标")
    for c, label in zip(range(1, 9), ["一级\n指标", "二级\n指标", "三 级 指 标", "年度\n指标值", "实际\n完成值",
                                      "分 值", "得 分", "偏差原因分析及\n改进措施"]):
        s.put(17, c, label)
    rows = [("产出指标(50分)", "数量指标", "受益学生人数", "≥12000人", "12500人", 15, 15),
            ("产出指标(50分)", "质量指标", "食品安全事故发生次数", "0次", "0次", 15, 15),
            ("产出指标(50分)", "时效指标", "资金拨付及时率", "100%", "100%", 10, 10),
            ("产出指标(50分)", "成本指标", "生均补助标准", "≤4元/天", "4元/天", 10, 10),
            ("效益指标(30分)", "社会效益指标", "学生营养状况", "明显改善", "明显改善", 30, 30),
            ("满意度指标(10分)", "服务对象满意度指标", "学生家长满意度", "≥90%", "93%", 10, 10)]
    for r, (l1, l2, name, t, a, w, sc) in enumerate(rows, start=18):
        for c, v in enumerate((l1, l2, name, t, a, w, sc), start=1):
            s.put(r, c, v)
    s.merge(18, 1, 21, 1, "产出指标(50分)")
    r = 18 + len(rows)
    s.merge(r, 1, r, 5, "总  分")
    s.put(r, 6, 100)
    s.put(r, 7, 98.5)
    s.merge(r + 1, 1, r + 1, 9, "填表说明：1. 本表由项目实施单位填写；2. 得分保留一位小数。")
    s.put(r + 2, 1, "填表人：张三")
    s.put(r + 2, 5, "联系电话：12345678")
    wb.save(os.path.join(out, "sichuan.xlsx"))


# ------------------------------------------------------------------------------------------
# 云南: 年度指标值 over 指标性质 | 指标值 | 度量单位.

def yunnan(out):
    wb = openpyxl.Workbook()
    s = XlsxSheet(wb.active)
    wb.active.title = "项目支出绩效自评表"
    s.merge(1, 1, 1, 11, "农村公路建设项目支出绩效自评表")
    s.merge(2, 1, 2, 11, "（2022年度）")
    s.merge(3, 1, 3, 2, "项目名称")
    s.merge(3, 3, 3, 11, "农村公路建设")
    s.merge(4, 1, 4, 2, "主管部门")
    s.merge(4, 3, 4, 6, "某县交通运输局")
    s.merge(4, 7, 4, 8, "实施单位")
    s.merge(4, 9, 4, 11, "某县公路管理段")
    s.merge(5, 1, 7, 1, "项目资金（万元）")
    for c, label in zip((3, 5, 7), ["年初预算数", "全年预算数", "全年执行数"]):
        s.merge(5, c, 5, c + 1, label)
    for c, label in zip((9, 10, 11), ["分值", "执行率", "得分"]):
        s.put(5, c, label)
    for r, (label, a, b, e) in enumerate([("年度资金总额", 500, 500, 480), ("其中：当年财政拨款", 500, 500, 480)], start=6):
        s.put(r, 2, label)
        for c, v in zip((3, 5, 7), (a, b, e)):
            s.merge(r, c, r, c + 1, v)
        s.put(r, 9, 10 if r == 6 else "—")
    s.merge(8, 1, 9, 2, "年度总体目标")
    s.merge(8, 3, 8, 6, "预期目标")
    s.merge(8, 7, 8, 11, "实际完成情况")
    s.merge(9, 3, 9, 6, "新建农村公路 120 公里。")
    s.merge(9, 7, 9, 11, "新建农村公路 126 公里。")
    for c, label in ((1, "一级指标"), (2, "二级指标"), (3, "三级指标"), (7, "实际完成值"), (8, "分值"), (9, "得分"),
                     (10, "偏差原因分析及改进措施")):
        s.merge(10, c, 11, c, label)
    s.merge(10, 4, 10, 6, "年度指标值")
    for c, label in ((4, "指标性质"), (5, "指标值"), (6, "度量单位")):
        s.put(11, c, label)
    rows = [("产出指标（50分）", "数量指标", "新建农村公路里程", "≥", 120, "公里", 126, 20, 20),
            ("产出指标（50分）", "质量指标", "工程验收合格率", "=", 100, "%", 100, 10, 10),
            ("产出指标（50分）", "时效指标", "项目完工时间", "定性", "2022年12月31日前", None,
             datetime.date(2022, 11, 20), 10, 10),
            ("产出指标（50分）", "成本指标", "每公里建设成本", "≤", 50, "万元", 48, 10, 10),
            ("效益指标（30分）", "社会效益指标", "群众出行条件", "定性", "明显改善", None, "明显改善", 15, 15),
            ("效益指标（30分）", "可持续影响指标", "道路使用年限", "≥", 10, "年", 10, 15, 15),
            ("满意度指标（10分）", "服务对象满意度指标", "沿线群众满意度", "≥", 90, "%", 0.95, 10, 10)]
    for r, row in enumerate(rows, start=12):
        for c, v in enumerate(row, start=1):
            fmt = "0%" if isinstance(v, float) and v < 1 else None
            s.put(r, c, v, fmt)
    s.merge(12, 1, 15, 1, "产出指标（50分）")
    s.merge(16, 1, 17, 1, "效益指标（30分）")
    r = 12 + len(rows)
    s.merge(r, 1, r, 7, "总分")
    s.put(r, 8, 100)
    s.put(r, 9, 99.6)
    wb.save(os.path.join(out, "yunnan.xlsx"))


# ------------------------------------------------------------------------------------------
# Reordered columns, an offset table, unmerged 一级/二级, numbers stored as text and text as
# numbers, percent formats, dates, a disagreeing 得分 and a wrong 总分.

def odd(out):
    wb = openpyxl.Workbook()
    s = XlsxSheet(wb.active)
    wb.active.title = "Sheet1"
    s.put(2, 2, "2021年项目支出绩效自评表")
    s.put(3, 2, "项目名称")
    s.put(3, 4, "职业技能培训补贴")
    s.put(4, 2, "主管部门：某市人力资源和社会保障局")
    s.put(4, 5, "实施单位：")
    s.put(4, 6, "某市职业技能鉴定中心")
    for c, label in zip(range(3, 9), ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]):
        s.put(5, c, label)
    s.put(6, 2, "年度资金总额")
    for c, v in zip(range(3, 9), ["50", "50", "50.00", "10", "100%", "10"]):
        s.put(6, c, v)
    s.put(7, 2, "年度总体目标")
    s.put(7, 3, "预期目标")
    s.put(7, 4, "培训 500 人次。")
    s.put(7, 5, "实际完成情况")
    s.put(7, 6, "培训 520 人次。")
    header = ["三级指标", "一级指标", "二级指标", "分值", "年度指标值", "实际完成值", "偏差原因分析及改进措施", "得分"]
    for c, label in enumerate(header, start=2):
        s.put(9, c, label)
    rows = [
        ("培训人次", "产出指标", "数量指标", "20", "500人次", (520, '0"人次"'), None, "20"),
        ("培训合格率", None, "质量指标", 20, (0.9, "0%"), (0.95, "0%"), None, 20),
        ("培训完成时间", None, "时效指标", 10, datetime.date(2021, 12, 31), datetime.date(2021, 11, 15), None, 10),
        None,
        ("指标1:", None, "成本指标", None, None, None, None, None),
        ("就业率", "效益指标", "社会效益指标", 30, "≥80%", (0.75, "0%"), None, 30),
        ("满意度", "满意度指标", "服务对象满意度指标", 10, "≥90%", (0.92, "0.0%"), None, 10),
    ]
    r = 10
    for row in rows:
        if row is not None:
            for c, v in enumerate(row, start=2):
                if isinstance(v, tuple):
                    s.put(r, c, v[0], v[1])
                elif v is not None:
                    s.put(r, c, v)
        r += 1
    s.put(r, 2, "总分")
    s.put(r, 5, 100)
    s.put(r, 9, 98)
    s.put(r + 2, 2, "注：1. 本表金额单位为万元。")
    s.put(r + 3, 2, "其他说明")
    s.put(r + 3, 5, 123)
    other = wb.create_sheet("附表")
    other["A1"] = "附表：培训名单"
    other["A2"] = "张三"
    wb.save(os.path.join(out, "odd.xlsx"))


# ------------------------------------------------------------------------------------------
# Bad files.

def bad_files(out):
    seed = open(os.path.join(out, "mof-seed.xlsx"), "rb").read()
    open(os.path.join(out, "corrupt.xlsx"), "wb").write(seed[: len(seed) // 2])

    # A workbook without a sheet (openpyxl refuses to write one): the parts by hand.
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                   '</Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
                   '</Relationships>')
        z.writestr("xl/workbook.xml",
                   '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                   'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets/></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>')
    open(os.path.join(out, "empty-workbook.xlsx"), "wb").write(buf.getvalue())

    openpyxl.Workbook().save(os.path.join(out, "blank.xlsx"))

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["日期", "摘要", "金额（元）"])
    ws.append([datetime.date(2021, 3, 1), "办公用品", 1200.5])
    ws.append([datetime.date(2021, 4, 2), "差旅费", 860])
    wb.save(os.path.join(out, "not-a-form.xlsx"))

    # The seed's layout without its 年度指标值 column.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "自评表"
    ws.append(["一级指标", "二级指标", "三级指标", "实际完成值", "分值", "得分"])
    ws.append(["产出指标", "数量指标", "失业动态监测企业数", "40家", 10, 10])
    wb.save(os.path.join(out, "missing-target.xlsx"))

    open(os.path.join(out, "encrypted.xlsx"), "wb").write(encrypted_package())
    open(os.path.join(out, "not-a-spreadsheet.xlsx"), "wb").write("这不是电子表格，只是一段文字。\n".encode("utf-8"))
    open(os.path.join(out, "webpage.xls"), "wb").write(
        '<html><head><meta charset="utf-8"></head><body><table><tr><td>项目名称</td></tr></table></body></html>'.encode("utf-8"))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("word/document.xml", '<?xml version="1.0"?><document/>')
    open(os.path.join(out, "word.docx"), "wb").write(buf.getvalue())

    # An OpenDocument spreadsheet (its mimetype first, stored) and a binary Excel workbook:
    # the packages only, which is all the import looks at before it refuses them.
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", '<?xml version="1.0"?><office:document-content/>', zipfile.ZIP_DEFLATED)
    open(os.path.join(out, "opendocument.ods"), "wb").write(buf.getvalue())
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("xl/workbook.bin", b"\x83\x01\x00")
    open(os.path.join(out, "binary.xlsb"), "wb").write(buf.getvalue())


def encrypted_package():
    """An OLE compound file as Excel writes a password-protected .xlsx: the streams
    EncryptionInfo and EncryptedPackage (4096 bytes each, so no mini stream), in a version 3
    file of 512-byte sectors: sector 0 the FAT, 1 the directory, 2–9 and 10–17 the streams."""
    free, end, fat_sect, nostream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    header = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 16
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
    header += struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
    header += struct.pack("<I", 0) + struct.pack("<I", free) * 108
    assert len(header) == 512
    fat = [fat_sect, end] + list(range(3, 10)) + [end] + list(range(11, 18)) + [end]
    fat += [free] * (128 - len(fat))

    def entry(name, typ, left, right, child, start, size):
        n = (name + "\0").encode("utf-16-le") if name else b""
        return (n.ljust(64, b"\0") + struct.pack("<HBB", len(n), typ, 1) + struct.pack("<III", left, right, child)
                + b"\0" * 16 + b"\0" * 4 + b"\0" * 16 + struct.pack("<IQ", start, size))

    directory = (entry("Root Entry", 5, nostream, nostream, 1, end, 0)
                 + entry("EncryptionInfo", 2, nostream, 2, nostream, 2, 4096)
                 + entry("EncryptedPackage", 2, nostream, nostream, nostream, 10, 4096)
                 + entry("", 0, nostream, nostream, nostream, 0, 0))
    assert len(directory) == 512
    info = struct.pack("<HHI", 4, 4, 0x40) + b"<?xml version=\"1.0\"?><encryption/>"
    return header + struct.pack("<128I", *fat) + directory + info.ljust(4096, b"\0") + os.urandom(4096)


# ------------------------------------------------------------------------------------------
# An exported file edited in Excel: the first row's actual retyped, the second row's 得分
# typed over.

def edit_export(src, dst):
    wb = openpyxl.load_workbook(src)
    ws = wb.worksheets[0]
    header = None
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == "实际完成值":
                header = cell.row
    cols = {ws.cell(row=header, column=c).value: c for c in range(1, ws.max_column + 1)}
    ws.cell(row=header + 1, column=cols["实际完成值"]).value = "38家"
    ws.cell(row=header + 2, column=cols["得分"]).value = 7
    wb.save(dst)


def main(argv):
    if len(argv) == 4 and argv[1] == "--edit-export":
        edit_export(argv[2], argv[3])
        return
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    out = argv[1]
    os.makedirs(out, exist_ok=True)
    mof_seed_xlsx(out)
    mof_seed_xls(out)
    sichuan(out)
    yunnan(out)
    odd(out)
    bad_files(out)


if __name__ == "__main__":
    main(sys.argv)
