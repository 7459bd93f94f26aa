"""The message catalogue: every user-facing word, Vietnamese first, English second.

Messages are ``str.format`` templates keyed by a code. Problems in a workbook use
:func:`format_problem`; everything else uses :func:`t`.
"""

from __future__ import annotations

from planlib.core.contract import TABLES
from planlib.core.errors import Problem

__all__ = ["LANGS", "check_lang", "column_name", "format_problem", "t", "table_name"]

LANGS = ("vi", "en")

#: code -> (Vietnamese, English)
PROBLEMS: dict[str, tuple[str, str]] = {
    "path_missing": ("không tìm thấy tệp hoặc thư mục", "no such file or folder"),
    "too_large": (
        "tệp quá lớn ({size} MB; giới hạn {limit} MB)",
        "file too large ({size} MB; limit {limit} MB)",
    ),
    "too_many_rows": (
        "quá nhiều dòng (giới hạn {limit} dòng)",
        "too many rows (limit {limit} rows)",
    ),
    "encoding": (
        "không đọc được bảng mã của tệp (không phải UTF-8, Windows-1258 hay Windows-1252); "
        "hãy lưu lại tệp dạng CSV UTF-8",
        "cannot decode the file (not UTF-8, Windows-1258 nor Windows-1252); save it as CSV UTF-8",
    ),
    "encoding_detected": (
        "tệp không phải UTF-8, đã đọc theo bảng mã {encoding}; hãy kiểm tra dấu tiếng Việt",
        "file is not UTF-8, read as {encoding}; check the Vietnamese diacritics",
    ),
    "not_xlsx": (
        "không phải tệp Excel .xlsx hợp lệ ({reason})",
        "not a valid Excel .xlsx file ({reason})",
    ),
    "unsupported_file": (
        "chỉ nhận thư mục các tệp .csv hoặc một tệp .xlsx",
        "only a folder of .csv files or one .xlsx file is accepted",
    ),
    "no_tables": (
        "không có bảng nào của mẫu dữ liệu (cần ví dụ students.csv hoặc trang Học sinh)",
        "no table of the data contract found (e.g. students.csv or a sheet Học sinh)",
    ),
    "duplicate_table": (
        "bảng có hai lần: cả {first} và {second}",
        "table given twice: both {first} and {second}",
    ),
    "empty_table": ("bảng trống, không có dòng tiêu đề", "table is empty, no header row"),
    "unknown_file": ("tệp không thuộc bảng nào, đã bỏ qua", "file is not a known table, ignored"),
    "csv_malformed": ("dòng CSV hỏng ({reason})", "malformed CSV line ({reason})"),
    "missing_column": ("thiếu cột bắt buộc", "required column is missing"),
    "duplicate_column": (
        "cột có hai lần (cột {first} và cột {second})",
        "column given twice (columns {first} and {second})",
    ),
    "merged_header": (
        "dòng tiêu đề có ô bị gộp; hãy bỏ gộp ô",
        "header row has merged cells; unmerge them",
    ),
    "required": ("ô bắt buộc đang để trống", "required cell is empty"),
    "bad_int": ("phải là số nguyên", "must be a whole number"),
    "bad_number": ("phải là số", "must be a number"),
    "out_of_range": ("phải từ {min} đến {max}", "must be between {min} and {max}"),
    "below_min": ("phải lớn hơn hoặc bằng {min}", "must be at least {min}"),
    "bad_date": (
        "không phải ngày hợp lệ (cần dd/mm/yyyy, ví dụ 05/12/2023)",
        "not a valid date (expected dd/mm/yyyy, e.g. 05/12/2023)",
    ),
    "bad_datetime": (
        "không phải ngày giờ hợp lệ (cần dd/mm/yyyy hoặc dd/mm/yyyy HH:MM)",
        "not a valid date-time (expected dd/mm/yyyy or dd/mm/yyyy HH:MM)",
    ),
    "two_digit_year": (
        "năm phải đủ 4 chữ số (ví dụ 05/12/2023)",
        "the year must have 4 digits (e.g. 05/12/2023)",
    ),
    "bad_bool": ("phải là Có hoặc Không", "must be Có (yes) or Không (no)"),
    "bad_enum": (
        "không phải giá trị hợp lệ; chọn một trong: {choices}",
        "not a valid value; choose one of: {choices}",
    ),
    "bad_school_year": (
        "năm học phải có dạng YYYY-YYYY, năm sau bằng năm trước cộng 1 (ví dụ 2023-2024)",
        "school year must be YYYY-YYYY, second year = first + 1 (e.g. 2023-2024)",
    ),
    "formula_error": (
        "ô có lỗi công thức Excel; hãy nhập giá trị",
        "cell holds an Excel formula error; enter a value",
    ),
    "formula_uncomputed": (
        "ô là công thức chưa được Excel tính; hãy mở tệp trong Excel và lưu lại, hoặc nhập giá trị",
        "cell is a formula Excel has not computed; open and save it in Excel, or type the value",
    ),
    "duplicate_id": ("trùng với dòng {other}", "duplicates row {other}"),
    "dangling_ref": (
        "không có trong bảng {ref_table}",
        "does not exist in table {ref_table}",
    ),
    "refs_unchecked": (
        "không kiểm tra được mã tham chiếu vì thiếu bảng {ref_table}",
        "references not checked: table {ref_table} is absent",
    ),
    "date_order": (
        "phải sau hoặc bằng {other_column} ({other_value})",
        "must be on or after {other_column} ({other_value})",
    ),
    "future_date": (
        "là ngày sau hôm nay ({today})",
        "is after today ({today})",
    ),
    "left_reason_missing": (
        "cần ghi lý do rời trường khi có ngày rời trường",
        "a reason for leaving is needed when a leaving date is given",
    ),
    "cause_missing": (
        "vụ tai nạn thương tích cần ghi nguyên nhân",
        "an injury needs its cause",
    ),
    "reported_missing": (
        "vụ việc loại này cần thời điểm tiếp nhận",
        "this kind of incident needs the time it was reported",
    ),
    "reported_before_occurred": (
        "thời điểm tiếp nhận trước ngày xảy ra ({other_value})",
        "reported before it occurred ({other_value})",
    ),
    "fatal_no_death": (
        "vụ việc tử vong nhưng học sinh {student} chưa có lý do rời trường là tử vong từ ngày "
        "{other_value}",
        "fatal incident, but student {student} has no leaving reason 'death' on or after "
        "{other_value}",
    ),
    "reach_exceeds": (
        "lớn hơn số học sinh đang học ngày đó ({enrolled})",
        "exceeds the students enrolled that day ({enrolled})",
    ),
    "unknown_task": (
        "không phải mã nhiệm vụ trong kế hoạch; các mã: {choices}",
        "not a task id of the plan; ids: {choices}",
    ),
    "awareness_no_result": (
        "không có điểm và không ghi Đạt/Không: tính là chưa đạt",
        "neither a score nor passed given: counted as not passed",
    ),
    "list_value": ("giá trị không hợp lệ trong danh sách", "invalid item in the list"),
}

#: key -> (Vietnamese, English): labels, headings and sentences of reports and the CLI.
LABELS: dict[str, tuple[str, str]] = {
    "row": ("dòng", "row"),
    "column": ("cột", "column"),
    "hidden_value": ("(giá trị ẩn: dữ liệu cá nhân)", "(value hidden: personal data)"),
    "status.achieved": ("Đạt", "Achieved"),
    "status.not_achieved": ("Không đạt", "Not achieved"),
    "status.not_applicable": ("Không phát sinh", "Not applicable"),
    "status.no_data": ("Thiếu dữ liệu", "No data"),
    "status.improved": ("Tiến bộ", "Improved"),
    "status.held": ("Giữ vững", "Held"),
    "status.declined": ("Giảm", "Declined"),
    "unit.percent": ("%", "%"),
    "unit.per_10000": ("/10.000 trẻ em", "per 10,000 children"),
    "unit.per_100000": ("/100.000 trẻ em", "per 100,000 children"),
    "sample_banner": (
        "DỮ LIỆU MẪU — số liệu tổng hợp, không phải của một trường thật",
        "SAMPLE DATA — synthetic figures, not a real school",
    ),
    "col.id": ("Mã", "Id"),
    "col.indicator": ("Chỉ tiêu", "Indicator"),
    "col.value": ("Kết quả", "Value"),
    "col.target": ("Mục tiêu", "Target"),
    "col.counts": ("Tử số/Mẫu số", "Numerator/Denominator"),
    "col.ci": ("KTC 95%", "95% CI"),
    "col.headroom": ("Ngưỡng", "Headroom"),
    "col.status": ("Trạng thái", "Status"),
    "allowed_max": ("tối đa {n}", "at most {n}"),
    "required_min": ("cần ít nhất {n}", "needs at least {n}"),
    "small_numbers": ("số nhỏ, kém ổn định", "small numbers, unstable"),
    "day_precision": (
        "kiểm tra ở mức ngày (thiếu giờ): can thiệp trong ngày hoặc ngày hôm sau",
        "checked at day precision (no clock time): same or next day",
    ),
    "evaluation_title": ("Đánh giá", "Evaluation"),
    "reference_date": ("ngày tham chiếu", "reference date"),
    "period": ("kỳ đánh giá", "period"),
    "warnings_heading": ("Cảnh báo dữ liệu ({n})", "Data warnings ({n})"),
    "errors_heading": (
        "Dữ liệu không hợp lệ: {n} lỗi. Hãy sửa các lỗi sau rồi chạy lại.",
        "Invalid data: {n} error(s). Fix the following and run again.",
    ),
    "valid": ("Dữ liệu hợp lệ.", "The data is valid."),
    "plan_error": ("Tệp kế hoạch không hợp lệ:", "Invalid plan file:"),
    "usage_error": ("Lỗi cách dùng:", "Usage error:"),
    "sample_written": ("Đã ghi dữ liệu mẫu vào {path}", "Sample data written to {path}"),
    "page.year_end": ("Báo cáo cuối năm", "Year-end report"),
    "page.funding": ("Kinh phí và tổ chức thực hiện", "Funding and responsibilities"),
    "index.pages": ("Các trang báo cáo", "Report pages"),
    "index.targets": ("Kết quả các chỉ tiêu", "Targets at a glance"),
    "run_done": ("Đã lập báo cáo: {path}", "Report written: {path}"),
    "run_failed": (
        "Lập báo cáo không thành công; báo cáo trước (nếu có) được giữ nguyên.",
        "The run failed; the previous report (if any) is untouched.",
    ),
    "district.title": ("Kết quả các trường", "Schools of the district"),
    "district.failed": (
        "Chưa lập được báo cáo (xem thông báo lỗi)",
        "No report (see the error messages)",
    ),
    "district_done": (
        "Đã lập báo cáo cho {ok}/{n} trường: {path}",
        "Reports written for {ok}/{n} schools: {path}",
    ),
    "template_written": ("Đã ghi tệp Excel để nhập liệu: {path}", "Workbook written: {path}"),
    "run_progress": ("Đang lập báo cáo", "Running notebooks"),
    "internal_error": (
        "Lỗi nội bộ của planlib ({kind}). Dữ liệu của bạn không bị thay đổi. "
        "Hãy báo lỗi này cho nhóm phát triển.",
        "planlib internal error ({kind}). Your data was not changed. Please report it.",
    ),
    # --- report pages: planlib.present.views and planlib.present.plots (notebooks 10, 20, 30, 90)
    # -------------
    # headings of the detail pages
    "h.definition": ("Định nghĩa chỉ tiêu", "Definition"),
    "h.result": ("Kết quả", "Result"),
    "h.counts": ("Số liệu và ngưỡng đạt", "Counts and headroom"),
    "h.disaggregation": ("Phân tách số liệu", "Breakdowns"),
    "h.summary": ("Tóm tắt", "Summary"),
    "h.activities": ("Hoạt động: kế hoạch và thực hiện", "Activities: planned and held"),
    "h.reach": ("Số lượt người được tiếp cận", "People reached"),
    "h.partners": ("Đơn vị phối hợp", "Partners"),
    "h.coverage": ("Lồng ghép vào bài giảng theo lớp", "Integrated lessons by class"),
    "h.harm": ("Vụ việc tai nạn thương tích, xâm hại trẻ em", "Injury and harm cases"),
    "h.learning": (
        "Kết quả học tập so với năm học trước",
        "Learning results against the previous school year",
    ),
    "h.facilities": ("Công trình sân chơi, bãi tập", "Playground and training-ground projects"),
    "h.funding": ("Kinh phí thực hiện", "Funding"),
    "h.funding_sources": ("Kinh phí theo nguồn", "Funding by source"),
    "h.spending": ("Kinh phí đã chi theo giải pháp", "Spending by solution area"),
    "h.responsibilities": ("Nhiệm vụ của các bộ phận", "Tasks of each unit"),
    "h.funding_page": ("Kinh phí và tổ chức thực hiện", "Funding and responsibilities"),
    # the year-end report
    "rpt.authority": ("PHÒNG GD&ĐT {district}", "EDUCATION AND TRAINING OFFICE, {district}"),
    "rpt.nation": ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIET NAM"),
    "rpt.motto": ("Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness"),
    "rpt.number": ("Số: ....../BC-THCS", "No.: ....../BC-THCS"),
    "rpt.title": (
        "Báo cáo kết quả thực hiện Kế hoạch công tác bảo vệ, chăm sóc trẻ em năm {year}",
        "Report on the implementation of the {year} child protection and care plan",
    ),
    "rpt.preamble": (
        "Căn cứ {basis}; thực hiện {plan}, {school} báo cáo kết quả thực hiện như sau.",
        "Under {basis}, and implementing the {plan}, {school} reports as follows.",
    ),
    "rpt.preamble_plain": (
        "Thực hiện {plan}, {school} báo cáo kết quả thực hiện như sau.",
        "Implementing the {plan}, {school} reports as follows.",
    ),
    "rpt.scope": (
        "Kỳ đánh giá: {start} – {end}; số liệu tính đến ngày {reference}.",
        "Period: {start} – {end}; figures as of {reference}.",
    ),
    "rpt.midyear": (
        "Đánh giá giữa kỳ: số liệu đến ngày {date}.",
        "Mid-year look: figures up to {date}.",
    ),
    "rpt.h.objective": ("I. Mục tiêu chung", "I. General objective"),
    "rpt.h.results": ("II. Kết quả thực hiện", "II. Results"),
    "rpt.h.targets": ("1. Kết quả thực hiện các chỉ tiêu", "1. Targets"),
    "rpt.h.areas": ("2. Kết quả thực hiện các giải pháp", "2. Solution areas"),
    "rpt.h.funding": ("3. Kinh phí thực hiện", "3. Funding"),
    "rpt.h.responsibilities": ("4. Tổ chức thực hiện", "4. Organisation"),
    "rpt.h.shortcomings": ("III. Tồn tại, hạn chế", "III. Shortcomings"),
    "rpt.h.directions": (
        "IV. Phương hướng, nhiệm vụ năm {year}",
        "IV. Directions for {year}",
    ),
    "rpt.h.appendix": ("Phụ lục", "Appendix"),
    "rpt.h.definitions": (
        "Phụ lục 1. Định nghĩa các chỉ tiêu",
        "Appendix 1. Indicator definitions",
    ),
    "rpt.h.warnings": (
        "Phụ lục 2. Cảnh báo chất lượng dữ liệu",
        "Appendix 2. Data-quality warnings",
    ),
    "rpt.h.pages": ("Phụ lục 3. Các trang báo cáo chi tiết", "Appendix 3. Detail pages"),
    "rpt.principal": ("HIỆU TRƯỞNG", "PRINCIPAL"),
    "rpt.sign": ("(Ký, ghi rõ họ tên và đóng dấu)", "(signature, full name and seal)"),
    "rpt.recipients": ("Nơi nhận:", "Recipients:"),
    "rpt.recipient_office": ("- Phòng GD&ĐT {district} (b/c);", "- Education Office, {district};"),
    "rpt.recipient_archive": ("- Lưu: VT.", "- Archive."),
    "rpt.directions_placeholder": (
        "(Ban Giám hiệu bổ sung phương hướng năm tới)",
        "(The school board adds next year's directions)",
    ),
    "rpt.summary_targets": (
        "Có {achieved}/{total} chỉ tiêu đạt.",
        "{achieved} of {total} targets achieved.",
    ),
    "rpt.summary_status": ("{status}: {n} chỉ tiêu ({ids}).", "{status}: {n} ({ids})."),
    "rpt.summary_areas": (
        "Các giải pháp thực hiện {counted}/{planned} hoạt động theo kế hoạch ({completion}).",
        "The solution areas held {counted} of {planned} planned activities ({completion}).",
    ),
    "rpt.summary_tasks": (
        "Các bộ phận hoàn thành {done}/{total} nhiệm vụ được giao.",
        "The units completed {done} of {total} tasks.",
    ),
    "rpt.details": ("Xem chi tiết", "Details"),
    "rpt.back": ("Báo cáo tổng hợp", "Year-end report"),
    "rpt.footnote_small": (
        "* Số nhỏ (tử số dưới {n} hoặc mẫu số dưới {d}): kết quả kém ổn định, cần đọc cùng "
        "số đếm và khoảng tin cậy.",
        "* Small numbers (numerator below {n} or denominator below {d}): the figure is "
        "unstable; read it with the counts and the confidence interval.",
    ),
    "rpt.footnote_headroom": (
        "Ngưỡng: với mẫu số hiện có, số tối đa ở tử số mà vẫn đạt (chỉ tiêu giới hạn trên) "
        "hoặc số tối thiểu cần có để đạt (chỉ tiêu giới hạn dưới).",
        "Headroom: with the current denominator, the largest numerator that still meets an "
        "upper-bound target, or the smallest that meets a lower-bound one.",
    ),
    "rpt.footnote_ci": (
        "KTC 95%: khoảng tin cậy 95% (Wilson cho tỷ lệ, Poisson chính xác cho tỷ suất).",
        "95% CI: 95% confidence interval (Wilson for shares, exact Poisson for rates).",
    ),
    "rpt.no_shortcomings": (
        "Số liệu không cho thấy tồn tại, hạn chế nào.",
        "The figures show no shortcoming.",
    ),
    "rpt.no_warnings": ("Không có cảnh báo dữ liệu.", "No data warnings."),
    "rpt.page.target": ("Chỉ tiêu {id}", "Target {id}"),
    "rpt.page.area": ("Giải pháp {id}", "Solution area {id}"),
    # disclosure control: the public version of the reports (``planlib run --disclosure public``)
    "disc.banner": (
        "BẢN CÔNG KHAI — đã ẩn các số liệu nhỏ",
        "PUBLIC VERSION — small numbers hidden",
    ),
    "disc.note": (
        "Bản dùng để gửi ra ngoài nhà trường: số đếm từ 1 đến 4 được ghi «< 5»; «x» là số được "
        "ẩn thêm để không tính ngược ra số nhỏ từ tổng; «—» là kết quả không hiển thị vì sẽ làm "
        "lộ số nhỏ; tỷ lệ có tử số dưới 10 được ghi «không ổn định». Quy tắc và nguồn: ",
        "For sharing beyond the school: counts from 1 to 4 are shown as «< 5»; «x» is a number "
        "hidden as well so that a small one cannot be recomputed from a total; «—» is a result "
        "not shown because it would reveal a small number; rates whose numerator is below 10 "
        "are marked «unstable». The rule and its sources: ",
    ),
    "disc.note_link": ("Phụ lục 4 của báo cáo tổng hợp", "Appendix 4 of the year-end report"),
    "disc.unstable": ("không ổn định", "unstable"),
    "disc.hidden": ("không hiển thị (số nhỏ)", "not shown (small numbers)"),
    "disc.value_hidden": (
        "Kết quả và khoảng tin cậy không hiển thị: cùng với mẫu số, chúng cho phép tính ra "
        "một số nhỏ (từ 1 đến 4).",
        "The value and its interval are not shown: with the denominator they would give away "
        "a small number (1 to 4).",
    ),
    "disc.headroom_hidden": (
        "Ngưỡng đạt không hiển thị ở bản công khai vì cùng với trạng thái đạt/không đạt nó cho "
        "phép suy ra một số nhỏ.",
        "The headroom is not shown in the public version: with the status it would give away "
        "a small number.",
    ),
    "disc.unstable_note": (
        "Tử số dưới {n}: kết quả không ổn định (CDC/NCHS), chỉ nên đọc cùng khoảng tin cậy.",
        "Numerator below {n}: the figure is unstable (CDC/NCHS); read it with its interval.",
    ),
    "disc.footnote": (
        "Bản công khai: «< 5» là số từ 1 đến 4; «x» là số ẩn thêm để không suy ra được số nhỏ "
        "từ tổng; «—» ở kết quả, khoảng tin cậy và ngưỡng: không hiển thị vì sẽ làm lộ số nhỏ.",
        "Public version: «< 5» is a count from 1 to 4; «x» is hidden as well so that a small "
        "count cannot be recomputed from a total; «—» in value, interval and headroom: not "
        "shown because it would give away a small count.",
    ),
    "disc.chart_note": (
        "Cột «< 5» (số từ 1 đến 4) và «x» (ẩn thêm) không được vẽ.",
        "Bars «< 5» (counts 1 to 4) and «x» (hidden as well) are not drawn.",
    ),
    "disc.value_hidden_plot": (
        "Kết quả không hiển thị ở bản công khai (số nhỏ)",
        "Value not shown in the public version (small numbers)",
    ),
    "disc.warnings_hidden": (
        "Dữ liệu có {n} cảnh báo; chi tiết từng dòng dữ liệu chỉ có trong bản nội bộ của nhà "
        "trường.",
        "The data has {n} warning(s); the rows behind them are only in the school's internal "
        "version.",
    ),
    "disc.h.appendix": (
        "Phụ lục 4. Quy tắc công bố số liệu (bản công khai)",
        "Appendix 4. Disclosure rule (public version)",
    ),
    "disc.rule.lead": (
        "Báo cáo này là bản công khai, dùng để gửi ra ngoài nhà trường (ví dụ Phòng GD&ĐT). "
        "Để không ai nhận ra được một em học sinh hay một vụ việc cụ thể, số liệu được trình "
        "bày theo các quy tắc sau. Bản nội bộ của Ban Giám hiệu (mặc định) ghi đầy đủ mọi số.",
        "This is the public version of the report, for sharing beyond the school (e.g. with "
        "the district). So that no child or case can be recognised, figures follow the rules "
        "below. The school board's internal version (the default) shows every count.",
    ),
    "disc.rule.primary": (
        "Số nhỏ: mọi số đếm trẻ em, vụ việc, hoạt động, nhiệm vụ hay lượt người từ 1 đến 4 "
        "trong bảng, biểu đồ và câu văn được ghi «< 5»; số 0 vẫn được ghi (số chỉ tiêu, công "
        "trình, lớp học và số tiền không thuộc quy tắc này). Nguồn: quy tắc "
        "«1–4» của Viện Y tế và Phúc lợi Úc (AIHW — Australian Institute of Health and "
        "Welfare): các số liệu có từ 1 đến 4 trường hợp không được công bố (ghi «n.p.») để "
        "bảo mật; xem ghi chú kỹ thuật «Suppression and non-published results» trên "
        "aihw.gov.au.",
        "Small counts: every count of children, cases, activities, tasks or people reached "
        "from 1 to 4 in a table, chart or sentence is shown as «< 5»; zero is shown (counts "
        "of targets, projects and classes, and money, are not under the rule). Source: the "
        "«1–4» rule of the Australian Institute of Health and Welfare (AIHW): figures based on "
        "1 to 4 cases are not published (marked «n.p.») for confidentiality; see the AIHW "
        "technical notes «Suppression and non-published results» on aihw.gov.au.",
    ),
    "disc.rule.complementary": (
        "Ẩn bổ sung: trong bảng có dòng hoặc cột tổng (hoặc khi tổng được ghi ở chỗ khác trên "
        "trang), nếu một dòng hay một cột chỉ có một ô bị ẩn thì ô nhỏ nhất khác cũng bị ẩn "
        "và ghi «x», để không thể lấy tổng trừ đi các ô còn lại mà tính ra số bị ẩn (AIHW gọi "
        "là «consequential suppression»). Phần còn lại của một tỷ lệ (mẫu số trừ tử số, ví dụ "
        "số em không lên lớp) cũng là một số đếm: nếu nó từ 1 đến 4 thì tử số bị ẩn («x»).",
        "Complementary suppression: in a table with a total row or column (or whose total is "
        "shown elsewhere on the page), a row or column with exactly one hidden cell gets its "
        "smallest other cell hidden as well, shown as «x», so that no hidden count can be "
        "recomputed by subtracting the others from the total (AIHW: «consequential "
        "suppression»). The rest of a share (denominator minus numerator, e.g. children not "
        "promoted) is a count too: from 1 to 4, it hides the numerator («x»).",
    ),
    "disc.rule.values": (
        "Kết quả của một chỉ tiêu hay một nhóm (tỷ lệ, tỷ suất) và khoảng tin cậy của nó không "
        "hiển thị («—») khi tử số hoặc mẫu số bị ẩn, vì cùng với mẫu số chúng cho phép tính "
        "lại tử số; ngưỡng đạt cũng không hiển thị khi đó. Biểu đồ không vẽ các cột bị ẩn và "
        "trục của biểu đồ không dựa vào các số bị ẩn.",
        "The value of an indicator or group (share, rate) and its confidence interval are not "
        "shown («—») when its numerator or denominator is hidden, since with the denominator "
        "they give the numerator back; nor is the headroom. Charts do not draw hidden bars, "
        "and their axes do not depend on hidden counts.",
    ),
    "disc.rule.unstable": (
        "Tỷ lệ không ổn định: kết quả có tử số dưới 10 được ghi «không ổn định». Nguồn: hướng "
        "dẫn của CDC/NCHS (Trung tâm Kiểm soát và Phòng ngừa Dịch bệnh Hoa Kỳ / Trung tâm Quốc "
        "gia về Thống kê Y tế): tỷ suất tính từ 20 sự kiện trở xuống là không ổn định về thống "
        "kê, chỉ được công bố kèm chú thích khi có ít nhất 10 sự kiện, và CDC WONDER không công "
        "bố các số liệu dựa trên dưới 10 trường hợp; xem «Annotation and Suppression of Unstable "
        "Rates» trên cdc.gov (WISQARS).",
        "Unstable rates: a result whose numerator is below 10 is marked «unstable». Source: "
        "CDC/NCHS guidance (US Centers for Disease Control and Prevention / National Center "
        "for Health Statistics): a rate based on 20 events or fewer is statistically unstable "
        "and is shown, annotated, only from 10 events, and CDC WONDER does not release "
        "figures based on fewer than 10 cases; see «Annotation and Suppression of Unstable "
        "Rates» on cdc.gov (WISQARS).",
    ),
    "disc.rule.drilldown": (
        "Không có dữ liệu chi tiết: danh sách từng trường hợp, các dòng dữ liệu có cảnh báo, tệp "
        "kết quả results.json và các sổ tính đã chạy chỉ có trong bản nội bộ.",
        "No drill-downs: lists of individual cases, the data rows behind warnings, the "
        "results.json file and the executed notebooks are only in the internal version.",
    ),
    "disc.rule.limits": (
        "Giới hạn: trạng thái đạt/không đạt của mỗi chỉ tiêu luôn được ghi; cùng với mục tiêu "
        "và mẫu số, nó có thể thu hẹp khoảng giá trị của một số bị ẩn. Ngưỡng đạt («tối đa 3», "
        "«cần ít nhất 8») tính từ mẫu số và mục tiêu, không phải số trường hợp đã xảy ra, nên "
        "vẫn được ghi khi tử số được ghi. Danh sách nhiệm vụ và các lớp có tiết lồng ghép (nội "
        "dung của kế hoạch, không phải số liệu về trẻ em) vẫn được ghi.",
        "Limits: each target's status (achieved or not) is always shown; with the target and "
        "the denominator it can narrow the range of a hidden count. The headroom («at most 3», "
        "«needs at least 8») comes from the denominator and the target, not from cases that "
        "happened, so it is shown whenever the numerator is. The list of tasks and the classes "
        "with integrated lessons (the plan's content, not figures about children) are still "
        "shown.",
    ),
    # shortcomings (Tồn tại, hạn chế)
    "sc.h.targets": ("Về các chỉ tiêu", "Targets"),
    "sc.h.areas": ("Về các giải pháp", "Solution areas"),
    "sc.h.organisation": ("Về tổ chức thực hiện", "Organisation"),
    "sc.h.data": ("Về số liệu", "Data"),
    "sc.not_achieved": (
        "Chỉ tiêu {id} ({label}) không đạt: {value}, mục tiêu {target}.",
        "Target {id} ({label}) not achieved: {value} against {target}.",
    ),
    "sc.no_data": (
        "Chỉ tiêu {id} ({label}) chưa đánh giá được do thiếu dữ liệu: {missing}.",
        "Target {id} ({label}) could not be evaluated; missing: {missing}.",
    ),
    "sc.area_incomplete": (
        "Giải pháp {id} ({label}) mới hoàn thành {completion} kế hoạch hoạt động; chưa đủ: "
        "{kinds}.",
        "Solution area {id} ({label}) completed {completion} of its planned activities; "
        "short: {kinds}.",
    ),
    "sc.area_no_data": (
        "Giải pháp {id} ({label}) chưa đánh giá được do thiếu dữ liệu: {missing}.",
        "Solution area {id} ({label}) could not be evaluated; missing: {missing}.",
    ),
    "sc.kind_short": ("{kind} {done}/{planned}", "{kind} {done}/{planned}"),
    "sc.learning_declined": (
        "{measure} giảm so với năm học trước ({value} so với {previous}).",
        "{measure} declined against the previous school year ({value} against {previous}).",
    ),
    "sc.learning_no_baseline": (
        "Chưa so sánh được kết quả học tập với năm học {year} (thiếu số liệu năm học trước).",
        "Learning results were not compared with {year} (no figures for that school year).",
    ),
    "sc.facilities": (
        "Công trình sân chơi, bãi tập mới huy động được {share} dự toán ({mobilized}/{budget}).",
        "Playground projects: {share} of the budget mobilised ({mobilized}/{budget}).",
    ),
    "sc.task": (
        "Nhiệm vụ {id} của {unit} ({label}): {status}.",
        "Task {id} of the {unit} ({label}): {status}.",
    ),
    "sc.warnings": (
        "Dữ liệu có {n} cảnh báo (xem Phụ lục 2), ví dụ:",
        "The data has {n} warning(s) (see Appendix 2), for example:",
    ),
    # one target
    "tgt.no_data": (
        "Chưa tính được chỉ tiêu này vì thiếu dữ liệu: {missing}.",
        "This target cannot be computed; missing: {missing}.",
    ),
    "tgt.not_applicable": (
        "Không phát sinh trường hợp nào thuộc mẫu số trong kỳ (mẫu số bằng 0), nên chỉ tiêu "
        "không áp dụng.",
        "No case arose in the period (the denominator is 0), so the target does not apply.",
    ),
    "tgt.small_numbers": (
        "Số nhỏ (tử số {n}, mẫu số {d}; cảnh báo khi tử số dưới {min_n} hoặc mẫu số dưới "
        "{min_d}): kết quả kém ổn định, chỉ một vài trường hợp cũng làm thay đổi đánh giá. "
        "Hãy đọc cùng số đếm và khoảng tin cậy.",
        "Small numbers (numerator {n}, denominator {d}; flagged below {min_n} or {min_d}): the "
        "figure is unstable and a few cases can change the verdict. Read it with the counts "
        "and the confidence interval.",
    ),
    "tgt.day_precision": (
        "Một số vụ việc không ghi giờ tiếp nhận hoặc giờ can thiệp, nên tính kịp thời được "
        "kiểm tra ở mức ngày: can thiệp trong ngày tiếp nhận hoặc ngày hôm sau.",
        "Some cases have no clock time, so timeliness was checked at day precision: "
        "intervention on the day reported or the next.",
    ),
    "tgt.headroom_upper": (
        "Với {d} {den}, tối đa {n} {num} thì vẫn đạt chỉ tiêu {rule}; hiện có {current}.",
        "With {d} {den}, at most {n} {num} still meet the target {rule}; there are {current}.",
    ),
    "tgt.headroom_lower": (
        "Với {d} {den}, cần ít nhất {n} {num} để đạt chỉ tiêu {rule}; hiện có {current}.",
        "With {d} {den}, at least {n} {num} are needed to meet the target {rule}; there are "
        "{current}.",
    ),
    "tgt.headroom_none": (
        "Với {d} {den}, không có số {num} nào đạt được chỉ tiêu {rule}.",
        "With {d} {den}, no number of {num} meets the target {rule}.",
    ),
    "rule.<": ("dưới {x}", "below {x}"),
    "rule.<=": ("không quá {x}", "of at most {x}"),
    "rule.>": ("trên {x}", "above {x}"),
    "rule.>=": ("từ {x} trở lên", "of at least {x}"),
    "rule.full": ("{x}", "of {x}"),
    "def.wording": ("Nội dung trong kế hoạch", "Plan wording"),
    "def.numerator": ("Tử số", "Numerator"),
    "def.denominator": ("Mẫu số", "Denominator"),
    "def.formula": ("Cách tính", "Formula"),
    "def.formula_text": (
        "Kết quả = Tử số ÷ Mẫu số × {factor}",
        "Value = numerator ÷ denominator × {factor}",
    ),
    "def.unit": ("Đơn vị tính", "Unit"),
    "def.rule": ("Yêu cầu đạt", "Rule"),
    "def.period": ("Kỳ đánh giá", "Period"),
    "def.reference": ("Ngày tham chiếu", "Reference date"),
    "def.ci": ("Khoảng tin cậy 95%", "95% confidence interval"),
    "def.ci.percent": ("phương pháp Wilson", "Wilson score"),
    "def.ci.rate": ("phân phối Poisson chính xác", "exact Poisson"),
    "unit_name.percent": ("Tỷ lệ phần trăm (%)", "Percent (%)"),
    "unit_name.per_10000": ("Tỷ suất trên 10.000 trẻ em", "Rate per 10,000 children"),
    "unit_name.per_100000": ("Tỷ suất trên 100.000 trẻ em", "Rate per 100,000 children"),
    # numerator and denominator of each indicator method, in words
    "num.special_circumstances_share": (
        "Số trẻ em có hoàn cảnh đặc biệt tại ngày tham chiếu",
        "Children in special circumstances on the reference date",
    ),
    "den.special_circumstances_share": (
        "Tổng số trẻ em (học sinh) của trường tại ngày tham chiếu",
        "All children (students) of the school on the reference date",
    ),
    "num.special_circumstances_supported": (
        "Số trẻ em có hoàn cảnh đặc biệt trong kỳ đã được chăm sóc, nuôi dưỡng, trợ giúp "
        "(ngày trợ giúp không muộn hơn cuối kỳ)",
        "Children in special circumstances during the period who were cared for or supported "
        "by its end",
    ),
    "den.special_circumstances_supported": (
        "Số trẻ em có hoàn cảnh đặc biệt vào bất kỳ thời điểm nào trong kỳ",
        "Children in special circumstances at any time in the period",
    ),
    "num.injury_rate": (
        "Số trẻ em bị tai nạn thương tích ít nhất một lần trong kỳ (mỗi em tính một lần)",
        "Children injured at least once in the period (each child once)",
    ),
    "num.injury_rate.incidents": (
        "Số vụ tai nạn thương tích xảy ra với trẻ em trong kỳ",
        "Injuries of children in the period",
    ),
    "den.injury_rate": (
        "Tổng số trẻ em của trường tại ngày tham chiếu",
        "All children of the school on the reference date",
    ),
    "num.injury_death_rate": (
        "Số trẻ em tử vong do tai nạn thương tích trong kỳ",
        "Children who died of an injury in the period",
    ),
    "den.injury_death_rate": (
        "Tổng số trẻ em của trường tại ngày tham chiếu",
        "All children of the school on the reference date",
    ),
    "num.welfare_received": (
        "Số trẻ em có hoàn cảnh đặc biệt đủ điều kiện đã được hưởng chính sách phúc lợi xã "
        "hội trong kỳ",
        "Eligible children in special circumstances who received state welfare by the end of "
        "the period",
    ),
    "den.welfare_received": (
        "Số trẻ em có hoàn cảnh đặc biệt trong kỳ đủ điều kiện hưởng chính sách",
        "Children in special circumstances in the period who are eligible for welfare",
    ),
    "num.timely_intervention": (
        "Số vụ được can thiệp, hỗ trợ trong vòng {hours} giờ kể từ khi tiếp nhận thông tin",
        "Cases with intervention within {hours} hours of the report",
    ),
    "den.timely_intervention": (
        "Số vụ trẻ em lao động trái quy định, bị ngược đãi, bạo lực, xâm hại tình dục được "
        "thông báo, phát hiện trong kỳ",
        "Child-labour, maltreatment, violence and sexual-abuse cases reported or detected in "
        "the period",
    ),
    "num.participation_awareness": (
        "Số trẻ em có lần đánh giá nhận thức về quyền tham gia gần nhất trong kỳ đạt yêu cầu "
        "(điểm từ {pass_mark} trở lên khi không ghi Đạt/Không)",
        "Children whose latest participation-rights assessment in the period passed (score of "
        "at least {pass_mark} when no pass mark is recorded)",
    ),
    "den.participation_awareness": (
        "Tổng số trẻ em của trường tại ngày tham chiếu",
        "All children of the school on the reference date",
    ),
    "num.staff_trained": (
        "Số cán bộ làm công tác bảo vệ, chăm sóc trẻ em được tập huấn ít nhất một lần trong kỳ",
        "Child-protection staff trained at least once in the period",
    ),
    "den.staff_trained": (
        "Số cán bộ được phân công làm công tác bảo vệ, chăm sóc trẻ em",
        "Staff with a child-protection duty",
    ),
    # short nouns for the headroom sentence: "Với 604 trẻ em, tối đa 3 trẻ em bị TNTT ..."
    "noun.num.special_circumstances_share": (
        "trẻ em có hoàn cảnh đặc biệt",
        "children in special circumstances",
    ),
    "noun.den.special_circumstances_share": ("trẻ em", "children"),
    "noun.num.special_circumstances_supported": (
        "trẻ em được chăm sóc, trợ giúp",
        "children supported",
    ),
    "noun.den.special_circumstances_supported": (
        "trẻ em có hoàn cảnh đặc biệt",
        "children in special circumstances",
    ),
    "noun.num.injury_rate": ("trẻ em bị TNTT", "injured children"),
    "noun.num.injury_rate.incidents": ("vụ TNTT", "injuries"),
    "noun.den.injury_rate": ("trẻ em", "children"),
    "noun.num.injury_death_rate": ("trẻ em tử vong do TNTT", "injury deaths"),
    "noun.den.injury_death_rate": ("trẻ em", "children"),
    "noun.num.welfare_received": ("trẻ em được hưởng chính sách", "children receiving welfare"),
    "noun.den.welfare_received": ("trẻ em đủ điều kiện", "eligible children"),
    "noun.num.timely_intervention": (
        "vụ được can thiệp kịp thời",
        "cases with timely intervention",
    ),
    "noun.den.timely_intervention": ("vụ việc", "cases"),
    "noun.num.participation_awareness": ("trẻ em đạt đánh giá", "children passing"),
    "noun.den.participation_awareness": ("trẻ em", "children"),
    "noun.num.staff_trained": ("cán bộ được tập huấn", "trained staff"),
    "noun.den.staff_trained": ("cán bộ", "staff"),
    # dimensions and their values
    "dim.sex": ("Giới tính", "Sex"),
    "dim.grade": ("Khối", "Grade"),
    "dim.class_name": ("Lớp", "Class"),
    "dim.role": ("Chức vụ", "Role"),
    "dim.month": ("Tháng", "Month"),
    "dim.cause": ("Nguyên nhân", "Cause"),
    "dim.place": ("Nơi xảy ra", "Place"),
    "dim.kind": ("Loại vụ việc", "Kind of case"),
    "by.dim": ("Theo {dim}", "By {dim}"),
    "grade.value": ("Khối {g}", "Grade {g}"),
    "month.value": ("Tháng {m}", "{name}"),
    "sex.M": ("Nam", "Male"),
    "sex.F": ("Nữ", "Female"),
    "role.board": ("Ban Giám hiệu", "School board"),
    "role.homeroom": ("GVCN", "Form teacher"),
    "role.teacher": ("GVBM", "Subject teacher"),
    "role.pioneer_leader": ("TPT Đội", "Pioneer leader"),
    "role.health": ("Nhân viên y tế", "Health staff"),
    "role.staff": ("Nhân viên", "Staff"),
    "role.other": ("Khác", "Other"),
    "incident.injury": ("Tai nạn thương tích", "Injury"),
    "incident.violence": ("Bạo lực", "Violence"),
    "incident.sexual_abuse": ("Xâm hại tình dục", "Sexual abuse"),
    "incident.maltreatment": ("Ngược đãi", "Maltreatment"),
    "incident.child_labour": ("Lao động trái quy định", "Child labour"),
    "incident.exploitation": ("Bóc lột", "Exploitation"),
    "incident.other": ("Khác", "Other"),
    "cause.traffic": ("Giao thông", "Traffic"),
    "cause.fall": ("Ngã", "Fall"),
    "cause.drowning": ("Đuối nước", "Drowning"),
    "cause.burn": ("Bỏng", "Burn"),
    "cause.poisoning": ("Ngộ độc", "Poisoning"),
    "cause.animal": ("Động vật cắn, đốt, húc", "Animal"),
    "cause.sharp": ("Vật sắc nhọn", "Sharp object"),
    "cause.self_harm": ("Tự gây", "Self-harm"),
    "cause.other": ("Khác", "Other"),
    "place.school": ("Trường học", "School"),
    "place.home": ("Gia đình", "Home"),
    "place.road": ("Đường giao thông", "Road"),
    "place.public": ("Nơi công cộng", "Public place"),
    "place.other": ("Khác", "Other"),
    "activity.communication": ("Tuyên truyền", "Communication"),
    "activity.coordination": ("Phối hợp", "Coordination"),
    "activity.training": ("Tập huấn", "Training"),
    "activity.screening": ("Khám sàng lọc", "Screening"),
    "activity.visit_gift": ("Thăm, tặng quà", "Visits and gifts"),
    "activity.integrated_lesson": ("Lồng ghép bài giảng", "Integrated lesson"),
    "activity.counselling": ("Tư vấn, tham vấn", "Counselling"),
    "activity.parent_meeting": ("Họp phụ huynh", "Parent meeting"),
    "activity.contest": ("Hội thi", "Contest"),
    "activity.extracurricular": ("Ngoại khóa", "Extracurricular"),
    "activity.other": ("Khác", "Other"),
    "reach.students": ("Học sinh", "Students"),
    "reach.parents": ("Phụ huynh", "Parents"),
    "reach.staff": ("Cán bộ, giáo viên, nhân viên", "Staff"),
    "reach.community": ("Người dân", "Community"),
    "org.board": ("Ban Giám hiệu", "School board"),
    "org.pioneers": ("Liên đội", "Young Pioneers"),
    "org.health": ("Y tế trường học", "School health"),
    "org.teachers": ("GVCN, GVBM", "Teachers"),
    "org.union": ("Công đoàn", "Trade union"),
    "org.other": ("Khác", "Other"),
    "fsource.regular_budget": ("Kinh phí thường xuyên", "Regular budget"),
    "fsource.organization": ("Tổ chức", "Organisations"),
    "fsource.business": ("Doanh nghiệp", "Businesses"),
    "fsource.individual": ("Cá nhân", "Individuals"),
    "flow.planned": ("Dự toán", "Planned"),
    "flow.received": ("Đã thu, huy động", "Received"),
    "flow.spent": ("Đã chi", "Spent"),
    "facility.playground": ("Sân chơi", "Playground"),
    "facility.covered_ground": ("Bãi tập có mái che", "Covered training ground"),
    "facility.other": ("Khác", "Other"),
    "facility_status.planned": ("Quy hoạch", "Planned"),
    "facility_status.fundraising": ("Huy động vốn", "Fundraising"),
    "facility_status.building": ("Đang xây dựng", "Building"),
    "facility_status.done": ("Hoàn thành", "Done"),
    "task.done": ("Hoàn thành", "Done"),
    "task.in_progress": ("Đang thực hiện", "In progress"),
    "task.not_started": ("Chưa thực hiện", "Not started"),
    "task.no_data": ("Chưa báo cáo", "Not reported"),
    "measure.good_fair_share": ("Tỷ lệ học sinh khá - giỏi (Tốt + Khá)", "Good + fair results"),
    "measure.promotion_rate": ("Tỷ lệ lên lớp (khối 6 - 8)", "Promotion rate (grades 6-8)"),
    "measure.graduation_rate": ("Tỷ lệ tốt nghiệp THCS", "Lower-secondary graduation rate"),
    "measure.dropouts": ("Số học sinh bỏ học", "Dropouts"),
    "prev_source.students": ("Bảng Học sinh", "Students table"),
    "prev_source.baseline": ("Số liệu gốc trong kế hoạch", "Plan baseline"),
    "area.status.complete": ("Hoàn thành", "Complete"),
    "area.status.incomplete": ("Chưa hoàn thành", "Incomplete"),
    "area.status.not_planned": ("Không đặt số lượng", "No numbers planned"),
    "area.completion_line": (
        "Thực hiện {counted}/{planned} hoạt động theo kế hoạch ({completion}).",
        "{counted} of {planned} planned activities held ({completion}).",
    ),
    "area.not_planned_line": (
        "Kế hoạch không đặt số lượng hoạt động cho giải pháp này; trong kỳ có {done} hoạt động.",
        "No activities are planned in numbers for this area; {done} were held.",
    ),
    "area.school_set": (
        "Số hoạt động kế hoạch do nhà trường tự đặt (kế hoạch cấp trên không quy định số lượng).",
        "The planned numbers are the school's own (the plan itself sets none).",
    ),
    "area.unplanned": ("ngoài kế hoạch", "not in the plan"),
    "area.no_partners": ("Chưa ghi nhận đơn vị phối hợp.", "No partner recorded."),
    "area.coverage_line": (
        "{covered}/{total} lớp ({share}) có tiết lồng ghép nội dung bảo vệ, chăm sóc trẻ em.",
        "{covered} of {total} classes ({share}) had integrated child-protection lessons.",
    ),
    "area.coverage_other": (
        "Lớp được ghi trong hoạt động nhưng không có trong danh sách học sinh: {classes}.",
        "Classes named by activities but absent from the roster: {classes}.",
    ),
    "area.covered": ("có lồng ghép", "covered"),
    "area.harm_line": (
        "Trong kỳ có {total} vụ việc với {children} trẻ em, trong đó {injuries} vụ tai nạn "
        "thương tích ({fatal} trường hợp tử vong).",
        "{total} cases involving {children} children, of which {injuries} injuries ({fatal} "
        "fatal).",
    ),
    "area.harm_by.kind": ("Theo loại vụ việc", "By kind"),
    "area.harm_by.cause": ("Tai nạn thương tích theo nguyên nhân", "Injuries by cause"),
    "area.harm_by.place": ("Theo nơi xảy ra", "By place"),
    "area.harm_by.month": ("Theo tháng", "By month"),
    "area.learning_line": (
        "Năm học {year} so với năm học {previous}: {summary}.",
        "School year {year} against {previous}: {summary}.",
    ),
    "area.learning_none": (
        "Không có năm học nào kết thúc trong kỳ, hoặc thiếu bảng Học sinh.",
        "No school year ends in the period, or the Students table is absent.",
    ),
    "area.facilities_line": (
        "{projects} công trình; đã hoàn thành {m2} m²; đã huy động {mobilized} trên dự toán "
        "{budget} ({share}).",
        "{projects} projects; {m2} m² done; {mobilized} mobilised of a {budget} budget ({share}).",
    ),
    "area.no_area": ("Không gắn giải pháp", "No area"),
    "resp.line": (
        "Hoàn thành {done}/{total} nhiệm vụ; {activities} hoạt động trong kỳ.",
        "{done} of {total} tasks done; {activities} activities in the period.",
    ),
    "fund.line": (
        "Tổng dự toán {planned}; đã thu, huy động {received}; đã chi {spent}.",
        "Planned {planned}; received {received}; spent {spent}.",
    ),
    "no_data_line": ("Thiếu dữ liệu: {missing}.", "No data: missing {missing}."),
    "missing.table": ("bảng {table}", "table {table}"),
    "missing.column": ("cột {column} của bảng {table}", "column {column} of table {table}"),
    "not_recorded": ("(không ghi)", "(not recorded)"),
    # table columns
    "col.numerator": ("Tử số", "Numerator"),
    "col.denominator": ("Mẫu số", "Denominator"),
    "col.cases": ("Số vụ việc", "Cases"),
    "col.kind": ("Hình thức", "Kind"),
    "col.planned": ("Kế hoạch", "Planned"),
    "col.done": ("Đã thực hiện", "Held"),
    "col.completion": ("Tỷ lệ hoàn thành", "Completion"),
    "col.note": ("Ghi chú", "Note"),
    "col.group": ("Đối tượng", "Group"),
    "col.reached": ("Số lượt người", "People reached"),
    "col.partner": ("Đơn vị phối hợp", "Partner"),
    "col.activities": ("Số hoạt động", "Activities"),
    "col.total": ("Tổng", "Total"),
    "col.measure": ("Chỉ số", "Measure"),
    "col.school_year": ("Năm học {year}", "{year}"),
    "col.comparison": ("So sánh", "Comparison"),
    "col.previous_source": ("Nguồn số liệu năm trước", "Previous-year source"),
    "col.project": ("Mã công trình", "Project"),
    "col.facility_kind": ("Loại công trình", "Kind"),
    "col.facility_status": ("Tình trạng", "Status"),
    "col.area_m2": ("Diện tích (m²)", "Area (m²)"),
    "col.budget": ("Dự toán", "Budget"),
    "col.mobilized": ("Đã huy động", "Mobilised"),
    "col.mobilised_share": ("Tỷ lệ huy động", "Mobilised share"),
    "col.completed_on": ("Ngày hoàn thành", "Completed on"),
    "col.funding": ("Nguồn kinh phí", "Funding"),
    "col.source": ("Nguồn", "Source"),
    "col.received": ("Đã thu, huy động", "Received"),
    "col.spent": ("Đã chi", "Spent"),
    "col.area": ("Giải pháp", "Solution area"),
    "col.unit": ("Bộ phận", "Unit"),
    "col.task": ("Nhiệm vụ", "Task"),
    "col.tasks_done": ("Nhiệm vụ hoàn thành", "Tasks done"),
    "col.table": ("Bảng", "Table"),
    "col.row": ("Dòng", "Row"),
    "col.column": ("Cột", "Column"),
    "col.message": ("Nội dung", "Message"),
    "col.item": ("Nội dung", "Item"),
    "col.page": ("Trang", "Page"),
    "col.classes": ("Các lớp", "Classes"),
    # figures
    "ax.indicator": ("Chỉ tiêu", "Indicator"),
    "ax.value.percent": ("Tỷ lệ (%)", "Share (%)"),
    "ax.value.per_10000": ("Tỷ suất (trên 10.000 trẻ em)", "Rate (per 10,000 children)"),
    "ax.value.per_100000": ("Tỷ suất (trên 100.000 trẻ em)", "Rate (per 100,000 children)"),
    "ax.activities": ("Số hoạt động", "Activities"),
    "ax.cases": ("Số vụ việc", "Cases"),
    "ax.million_vnd": ("Triệu đồng", "Million VND"),
    "ax.completion": ("Tỷ lệ hoàn thành (%)", "Completion (%)"),
    "ax.tasks": ("Số nhiệm vụ", "Tasks"),
    "ax.share": ("Tỷ lệ (%)", "Share (%)"),
    "plot.result_ci": ("Kết quả và KTC 95%", "Value and 95% CI"),
    "plot.target": ("Mục tiêu {rule}", "Target {rule}"),
    "plot.met_zone": ("Vùng đạt chỉ tiêu", "Target met"),
    "plot.timely": ("Kịp thời", "Timely"),
    "plot.not_timely": ("Chưa kịp thời", "Not timely"),
    "plot.numerator": ("Tử số", "Numerator"),
    "plot.rest": ("Còn lại", "Others"),
    "plot.full": ("100% kế hoạch", "100% of plan"),
    # --- end of report-page labels ---------------------------------------------------------
    # --- the explorer: planlib.apps.explore (notebooks/00_explore.ipynb)
    # ---------------------------
    "xp.title": ("Khám phá số liệu bảo vệ, chăm sóc trẻ em", "Child protection figures explorer"),
    "xp.lang.vi": ("Tiếng Việt", "Tiếng Việt"),
    "xp.lang.en": ("English", "English"),
    "xp.data_path": ("Tệp dữ liệu", "Workbook"),
    "xp.data_placeholder": ("để trống: trường mẫu", "empty: the sample school"),
    "xp.load": ("Mở", "Open"),
    "xp.as_of": ("Tính đến ngày", "As of"),
    "xp.dimension": ("Phân tách theo", "Break down by"),
    "xp.sex_all": ("Tất cả", "All"),
    "xp.reset": ("Bỏ lọc", "Clear filters"),
    "xp.tab.chart": ("Biểu đồ", "Chart"),
    "xp.tab.table": ("Bảng", "Table"),
    "xp.tab.drill": ("Danh sách", "Drill-down"),
    "xp.tab.what_if": ("Giả định", "What if"),
    "xp.tab.quality": ("Chất lượng dữ liệu ({n})", "Data quality ({n})"),
    "xp.scope": ("Kỳ đánh giá {start}–{end}.", "Period {start}–{end}."),
    "xp.filtered": ("Đang lọc: {filters}.", "Filtered: {filters}."),
    "xp.filter_na": (
        "Bộ lọc không áp dụng cho chỉ tiêu này: {filters}.",
        "Filters that do not apply to this indicator: {filters}.",
    ),
    "xp.overall": ("Chung (theo bộ lọc)", "Overall (filtered)"),
    "xp.events_only": (
        "Đếm các vụ việc ở tử số (mẫu số không chia theo {dim})",
        "Counting the numerator's events (the denominator is not split by {dim})",
    ),
    "xp.no_rows": ("Không có dòng nào.", "No rows."),
    "xp.noun.cases": ("trường hợp", "cases"),
    "xp.noun.units": ("đối tượng", "units"),
    "xp.col.unit.student": ("Mã học sinh", "Student id"),
    "xp.col.unit.incident": ("Mã vụ việc", "Incident id"),
    "xp.col.unit.staff": ("Mã cán bộ", "Staff id"),
    "xp.col.event": ("Mã vụ việc", "Incident id"),
    "xp.col.student": ("Mã học sinh", "Student id"),
    "xp.col.severity": ("Mức độ", "Severity"),
    "xp.severity.error": ("Lỗi", "Error"),
    "xp.severity.warning": ("Cảnh báo", "Warning"),
    "xp.quality_none": ("Không có lỗi hay cảnh báo dữ liệu.", "No data errors or warnings."),
    "xp.drill.numerator": ("Tử số ({n})", "Numerator ({n})"),
    "xp.drill.denominator": ("Mẫu số ({n})", "Denominator ({n})"),
    "xp.drill.outside": ("Mẫu số, ngoài tử số ({n})", "Denominator only ({n})"),
    "xp.drill.events": ("Vụ việc ({n})", "Incidents ({n})"),
    "xp.drill.note": (
        "Chỉ hiện mã và thuộc tính (giới tính, khối, lớp, tháng...); không có họ tên hay nội "
        "dung ghi chép.",
        "Ids and attributes only (sex, grade, class, month...); no names or free text.",
    ),
    "xp.drill.truncated": ("Hiện {shown}/{total} dòng.", "Showing {shown} of {total} rows."),
    "xp.whatif.intro": (
        "Thay đổi số trường hợp ở tử số hoặc mẫu số (sĩ số) để xem trạng thái và ngưỡng thay "
        "đổi thế nào.",
        "Change the numerator or the denominator (enrolment) to see how the status and the "
        "headroom change.",
    ),
    "xp.whatif.extra": ("Thêm (bớt) ở tử số", "Add to numerator"),
    "xp.whatif.denominator": ("Mẫu số (sĩ số)", "Denominator (enrolment)"),
    "xp.rule.<": ("dưới {x}", "below {x}"),
    "xp.rule.<=": ("không quá {x}", "at or below {x}"),
    "xp.rule.>": ("trên {x}", "above {x}"),
    "xp.rule.>=": ("từ {x} trở lên", "at or above {x}"),
    "xp.whatif.upper_room": (
        "Với {d} {den}, thêm tối đa {more} {num} nữa thì {id} vẫn {rule}.",
        "With {d} {den}, {more} more {num} keep {id} {rule}.",
    ),
    "xp.whatif.upper_full": (
        "Với {d} {den}, {id} đang ở mức tối đa ({n} {num}) mà vẫn {rule}: thêm một trường hợp "
        "nữa là không đạt.",
        "With {d} {den}, {id} is at its limit ({n} {num}, still {rule}): one more and the "
        "target is missed.",
    ),
    "xp.whatif.upper_over": (
        "Với {d} {den}, {id} chỉ {rule} khi có tối đa {max} {num}; hiện có {n}, vượt {over}.",
        "With {d} {den}, {id} stays {rule} with at most {max} {num}; there are {n}, {over} too "
        "many.",
    ),
    "xp.whatif.upper_impossible": (
        "Với {d} {den}, không có số {num} nào giữ {id} {rule}.",
        "With {d} {den}, no number of {num} keeps {id} {rule}.",
    ),
    "xp.whatif.lower_met": (
        "Với {d} {den}, {id} cần ít nhất {min} {num} ({rule}); hiện có {n}: đạt, dư {spare}.",
        "With {d} {den}, {id} needs at least {min} {num} ({rule}); there are {n}: met, {spare} "
        "to spare.",
    ),
    "xp.whatif.lower_short": (
        "Với {d} {den}, {id} cần ít nhất {min} {num} ({rule}); hiện có {n}: cần thêm {more}.",
        "With {d} {den}, {id} needs at least {min} {num} ({rule}); there are {n}: {more} more "
        "needed.",
    ),
    "xp.whatif.no_denominator": (
        "Mẫu số bằng 0: chỉ tiêu không phát sinh.",
        "The denominator is 0: the target does not apply.",
    ),
    # --- end of explorer labels ----------------------------------------------------------------
}


def check_lang(lang: str) -> str:
    """Return ``lang`` if supported, else raise ``ValueError`` naming the choices."""
    if lang not in LANGS:
        raise ValueError(f"language must be one of {', '.join(LANGS)} (got {lang!r})")
    return lang


def t(key: str, lang: str = "vi", /, **params: object) -> str:
    """Look up a label or sentence and fill in its parameters."""
    vi, en = LABELS[key]
    return (en if lang == "en" else vi).format(**params)


_TABLE_NAMES = {table.id: (table.vi, table.en) for table in TABLES}
_COLUMN_NAMES = {
    (table.id, col.id): (col.vi, col.en or col.id) for table in TABLES for col in table.columns
}
_PRIVATE = {(table.id, col.id) for table in TABLES for col in table.columns if col.private}


def table_name(table_id: str, lang: str = "vi") -> str:
    """A contract table's name in the language (its id when unknown)."""
    vi, en = _TABLE_NAMES.get(table_id, (table_id, table_id))
    return en if lang == "en" else vi


def column_name(table_id: str, column_id: str, lang: str = "vi") -> str:
    """A contract column's header in the language (its id when unknown)."""
    vi, en = _COLUMN_NAMES.get((table_id, column_id), (column_id, column_id))
    return en if lang == "en" else vi


def _table_part(p: Problem, lang: str) -> str:
    if p.table is None:
        return p.table_label or ""
    vi, en = _TABLE_NAMES.get(p.table, (p.table, p.table))
    shown = p.table_label or (en if lang == "en" else vi)
    return f"{shown} ({p.table})"


def _column_part(p: Problem, lang: str) -> str:
    vi, en = _COLUMN_NAMES.get((p.table or "", p.column or ""), (p.column, p.column))
    label = p.column_label
    if not label or label == p.column:
        label = en if lang == "en" else vi
    return f"{t('column', lang)} {label} ({p.column})"


def format_problem(p: Problem, lang: str = "vi") -> str:
    """One line naming table, row, column and value, then what is wrong, in plain words.

    A value from a personal-data column is never shown.

    Examples
    --------
    >>> format_problem(Problem("duplicate_id", "students", 5, "student_id", "B02",
    ...                        params={"other": 3}, column_label="Mã học sinh"))
    'Học sinh (students), dòng 5, cột Mã học sinh (student_id): "B02" trùng với dòng 3'
    """
    parts = [_table_part(p, lang)]
    if p.row is not None:
        parts.append(f"{t('row', lang)} {p.row}")
    if p.column is not None:
        parts.append(_column_part(p, lang))
    where = ", ".join(part for part in parts if part)
    vi, en = PROBLEMS[p.code]
    params = {k: _param(v, lang) for k, v in p.params.items()}
    text = (en if lang == "en" else vi).format(**params)
    if (p.table or "", p.column or "") in _PRIVATE and p.value is not None:
        text = f"{t('hidden_value', lang)} {text}"
    elif p.value is not None:
        text = f'"{_clip(p.value)}" {text}'
    return f"{where}: {text}" if where else text


def _param(value: object, lang: str) -> object:
    if isinstance(value, tuple) and len(value) == 2:  # a (vi, en) pair
        return value[1] if lang == "en" else value[0]
    return value


def _clip(value: str, limit: int = 60) -> str:
    value = value.replace("\n", " ").replace("\r", " ")
    return value if len(value) <= limit else value[: limit - 1] + "…"
