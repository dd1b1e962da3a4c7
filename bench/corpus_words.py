"""Word lists and sentence templates for the benchmark corpus (see :mod:`bench.corpus`).

Every sentence here was written for the benchmark: the organisations, places, people and numbers
are filled in at random, so the text reads like a provincial portal's news without being a copy
of any real article. Placeholders in ``{braces}`` are filled by :class:`bench.corpus._Filler`.
"""

from __future__ import annotations

# ---------------------------------------------------------------- blocs and their members

# (slug, kind, number, name, short_name, former_names, members)
# a member is (slug, name, short_name or "", from_year or 0, to_year or 0)
BLOCS: list[tuple[str, str, int, str, str, list[tuple[str, int, int]], list[tuple]]] = [
    (
        "khoi-mttq-doan-the",
        "khoi",
        1,
        "Khối thi đua Mặt trận Tổ quốc, đoàn thể chính trị - xã hội tỉnh",
        "Khối thi đua số 1",
        [("Khối thi đua các đoàn thể chính trị - xã hội tỉnh", 2016, 2019)],
        [
            ("uy-ban-mttq", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Ủy ban MTTQ tỉnh", 0, 0),
            ("lien-doan-lao-dong", "Liên đoàn Lao động tỉnh", "LĐLĐ tỉnh", 0, 0),
            ("hoi-nong-dan", "Hội Nông dân tỉnh", "", 0, 0),
            ("hoi-lien-hiep-phu-nu", "Hội Liên hiệp Phụ nữ tỉnh", "Hội LHPN tỉnh", 0, 0),
            ("hoi-cuu-chien-binh", "Hội Cựu chiến binh tỉnh", "Hội CCB tỉnh", 0, 0),
            ("tinh-doan", "Tỉnh đoàn", "", 0, 0),
            ("hoi-chu-thap-do", "Hội Chữ thập đỏ tỉnh", "", 2020, 0),
        ],
    ),
    (
        "khoi-van-hoa-xa-hoi",
        "khoi",
        2,
        "Khối thi đua các cơ quan văn hóa - xã hội tỉnh",
        "Khối thi đua số 2",
        [],
        [
            ("so-giao-duc", "Sở Giáo dục và Đào tạo", "Sở GD&ĐT", 0, 0),
            ("so-y-te", "Sở Y tế", "", 0, 0),
            ("so-van-hoa", "Sở Văn hóa, Thể thao và Du lịch", "Sở VHTTDL", 0, 0),
            ("so-lao-dong", "Sở Lao động - Thương binh và Xã hội", "Sở LĐTBXH", 0, 2024),
            ("so-thong-tin", "Sở Thông tin và Truyền thông", "Sở TT&TT", 0, 2024),
            ("dai-phat-thanh", "Đài Phát thanh và Truyền hình tỉnh", "Đài PT-TH tỉnh", 0, 0),
            ("bao-tinh", "Báo tỉnh", "", 0, 0),
            ("truong-cao-dang", "Trường Cao đẳng Cộng đồng tỉnh", "Trường Cao đẳng", 2018, 0),
        ],
    ),
    (
        "khoi-kinh-te-tong-hop",
        "khoi",
        3,
        "Khối thi đua các cơ quan kinh tế tổng hợp tỉnh",
        "Khối thi đua số 3",
        [],
        [
            ("so-ke-hoach", "Sở Kế hoạch và Đầu tư", "Sở KH&ĐT", 0, 2024),
            ("so-tai-chinh", "Sở Tài chính", "", 0, 0),
            ("so-cong-thuong", "Sở Công Thương", "", 0, 0),
            ("cuc-thue", "Cục Thuế tỉnh", "", 0, 0),
            ("kho-bac", "Kho bạc Nhà nước tỉnh", "", 0, 0),
            ("ngan-hang-nha-nuoc", "Ngân hàng Nhà nước chi nhánh tỉnh", "", 0, 0),
            ("cuc-thong-ke", "Cục Thống kê tỉnh", "", 0, 0),
            ("ngan-hang-chinh-sach", "Ngân hàng Chính sách xã hội chi nhánh tỉnh", "", 2019, 0),
        ],
    ),
    (
        "khoi-noi-chinh",
        "khoi",
        4,
        "Khối thi đua các cơ quan nội chính, tổng hợp tỉnh",
        "Khối thi đua số 4",
        [],
        [
            ("so-noi-vu", "Sở Nội vụ", "", 0, 0),
            ("so-tu-phap", "Sở Tư pháp", "", 0, 0),
            ("thanh-tra-tinh", "Thanh tra tỉnh", "", 0, 0),
            ("van-phong-ubnd", "Văn phòng UBND tỉnh", "", 0, 0),
            ("ban-dan-toc", "Ban Dân tộc tỉnh", "", 0, 2024),
            ("van-phong-doan-dbqh", "Văn phòng Đoàn ĐBQH và HĐND tỉnh", "", 0, 0),
        ],
    ),
    (
        "khoi-nong-nghiep-xay-dung",
        "khoi",
        5,
        "Khối thi đua các cơ quan nông nghiệp, tài nguyên và xây dựng tỉnh",
        "Khối thi đua số 5",
        [],
        [
            ("so-nong-nghiep", "Sở Nông nghiệp và Phát triển nông thôn", "Sở NN&PTNT", 0, 0),
            ("so-tai-nguyen", "Sở Tài nguyên và Môi trường", "Sở TN&MT", 0, 2024),
            ("so-xay-dung", "Sở Xây dựng", "", 0, 0),
            ("so-giao-thong", "Sở Giao thông vận tải", "Sở GTVT", 0, 2024),
            ("ban-quan-ly-du-an", "Ban Quản lý dự án đầu tư xây dựng tỉnh", "Ban QLDA", 2017, 0),
            ("quy-bao-ve-rung", "Quỹ Bảo vệ và Phát triển rừng tỉnh", "", 0, 0),
        ],
    ),
    (
        "khoi-doanh-nghiep",
        "khoi",
        6,
        "Khối thi đua các doanh nghiệp nhà nước trên địa bàn tỉnh",
        "Khối thi đua số 6",
        [],
        [
            ("dien-luc-tinh", "Công ty Điện lực tỉnh", "", 0, 0),
            ("buu-dien-tinh", "Bưu điện tỉnh", "", 0, 0),
            ("vien-thong-tinh", "Viễn thông tỉnh", "", 0, 0),
            ("cong-ty-cap-nuoc", "Công ty Cổ phần Cấp nước tỉnh", "Công ty Cấp nước", 0, 0),
            ("cong-ty-xo-so", "Công ty Xổ số kiến thiết tỉnh", "Công ty Xổ số", 0, 0),
            ("cong-ty-moi-truong", "Công ty Môi trường đô thị tỉnh", "", 0, 0),
        ],
    ),
    (
        "cum-hoi-dac-thu",
        "cum",
        1,
        "Cụm thi đua các hội có tính chất đặc thù cấp tỉnh",
        "Cụm thi đua số 1",
        [],
        [
            ("hoi-nha-bao", "Hội Nhà báo tỉnh", "", 0, 0),
            ("hoi-khuyen-hoc", "Hội Khuyến học tỉnh", "", 0, 0),
            ("hoi-luat-gia", "Hội Luật gia tỉnh", "", 0, 0),
            ("lien-hiep-hoi-khkt", "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh", "", 0, 0),
            ("hoi-van-hoc-nghe-thuat", "Hội Văn học - Nghệ thuật tỉnh", "Hội VHNT tỉnh", 0, 0),
            ("hoi-nguoi-cao-tuoi", "Hội Người cao tuổi tỉnh", "", 2018, 0),
        ],
    ),
    (
        "cum-hoi-quan-chung",
        "cum",
        2,
        "Cụm thi đua các hội quần chúng tỉnh",
        "Cụm thi đua số 2",
        [],
        [
            ("hoi-nan-nhan-da-cam", "Hội Nạn nhân chất độc da cam/dioxin tỉnh", "", 0, 0),
            ("hoi-nguoi-mu", "Hội Người mù tỉnh", "", 0, 0),
            ("hoi-dong-y", "Hội Đông y tỉnh", "", 0, 0),
            ("hoi-lam-vuon", "Hội Làm vườn tỉnh", "", 0, 0),
            ("hoi-cuu-tnxp", "Hội Cựu Thanh niên xung phong tỉnh", "", 0, 0),
            ("hoi-bao-tro", "Hội Bảo trợ người khuyết tật và trẻ mồ côi tỉnh", "", 2019, 0),
        ],
    ),
]

# ---------------------------------------------------------------- campaigns

# (slug, name, aliases, type, form, launched_by, scope, basis, start, end, phases, supersedes)
CAMPAIGNS: list[tuple] = [
    (
        "hoc-tap-lam-theo-bac",
        "Học tập, làm theo Bác trong từng việc làm hằng ngày",
        ["học tập và làm theo Bác", "Chỉ thị 05"],
        "chi-thi",
        "thuong-xuyen",
        "Bộ Chính trị",
        "national",
        ("Chỉ thị 05-CT/TW", "2016-05-15", "Bộ Chính trị"),
        "2016-05-15",
        "",
        [("2016-2020", "Chỉ thị 05-CT/TW"), ("2021-2025", "Kết luận 01-KL/TW")],
        [],
    ),
    (
        "vi-nguoi-ngheo",
        "Chung sức vì hộ nghèo, hộ cận nghèo",
        ["chung tay vì người nghèo"],
        "phong-trao-thi-dua",
        "thuong-xuyen",
        "Thủ tướng Chính phủ",
        "national",
        ("Quyết định 1258/QĐ-TTg", "2017-08-22", "Thủ tướng Chính phủ"),
        "2016-01-01",
        "",
        [("2016-2020", ""), ("2021-2025", "")],
        [],
    ),
    (
        "nong-thon-moi-do-thi-van-minh",
        "Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh",
        ["cuộc vận động xây dựng nông thôn mới"],
        "cuoc-van-dong",
        "thuong-xuyen",
        "Ủy ban Trung ương MTTQ Việt Nam",
        "national",
        None,
        "2016-01-01",
        "",
        [("2016-2020", ""), ("2021-2025", "")],
        [],
    ),
    (
        "uu-tien-hang-viet",
        "Người Việt Nam ưu tiên dùng hàng Việt Nam",
        ["dùng hàng Việt"],
        "cuoc-van-dong",
        "thuong-xuyen",
        "Bộ Chính trị",
        "national",
        ("Thông báo 264-TB/TW", "2009-07-31", "Bộ Chính trị"),
        "2016-01-01",
        "",
        [],
        [],
    ),
    (
        "thi-dua-van-hoa-cong-so",
        "Thi đua xây dựng văn hóa công sở văn minh",
        ["văn hóa công sở"],
        "phong-trao-thi-dua",
        "chuyen-de",
        "Thủ tướng Chính phủ",
        "national",
        None,
        "2019-05-19",
        "2025-12-31",
        [("2019-2025", "")],
        [],
    ),
    (
        "doi-moi-sang-tao-chuyen-doi-so",
        "Cả nước thi đua đổi mới sáng tạo và chuyển đổi số",
        ["thi đua chuyển đổi số"],
        "phong-trao-thi-dua",
        "chuyen-de",
        "Thủ tướng Chính phủ",
        "national",
        None,
        "2025-04-24",
        "",
        [],
        [],
    ),
    (
        "ren-luyen-than-the",
        "Mỗi người khỏe mạnh, rèn luyện thân thể theo gương Bác",
        ["rèn luyện thân thể theo gương Bác Hồ"],
        "cuoc-van-dong",
        "thuong-xuyen",
        "Bộ Văn hóa, Thể thao và Du lịch",
        "sector",
        None,
        "2021-03-27",
        "2030-12-31",
        [("2021-2030", "")],
        [],
    ),
    (
        "gioi-viec-nuoc-dam-viec-nha",
        "Giỏi việc nước, đảm việc nhà",
        [],
        "phong-trao-thi-dua",
        "thuong-xuyen",
        "Hội Liên hiệp Phụ nữ Việt Nam",
        "organisation",
        None,
        "2016-01-01",
        "",
        [],
        [],
    ),
    (
        "cuu-chien-binh-guong-mau",
        "Cựu chiến binh gương mẫu",
        [],
        "phong-trao-thi-dua",
        "thuong-xuyen",
        "Hội Cựu chiến binh Việt Nam",
        "organisation",
        None,
        "2016-01-01",
        "",
        [],
        [],
    ),
    (
        "lao-dong-gioi-lao-dong-sang-tao",
        "Lao động giỏi, lao động sáng tạo",
        [],
        "phong-trao-thi-dua",
        "thuong-xuyen",
        "Tổng Liên đoàn Lao động Việt Nam",
        "organisation",
        None,
        "2016-01-01",
        "",
        [],
        [],
    ),
    (
        "nong-dan-san-xuat-gioi",
        "Nông dân thi đua sản xuất, kinh doanh giỏi, đoàn kết giúp nhau làm giàu",
        ["nông dân sản xuất, kinh doanh giỏi"],
        "phong-trao-thi-dua",
        "thuong-xuyen",
        "Hội Nông dân Việt Nam",
        "organisation",
        None,
        "2016-01-01",
        "",
        [],
        [],
    ),
    (
        "chung-suc-nong-thon-moi-tinh",
        "Chung sức xây dựng nông thôn mới",
        [],
        "phong-trao-thi-dua",
        "thuong-xuyen",
        "UBND tỉnh",
        "provincial",
        ("Kế hoạch của UBND tỉnh", "2016-03-02", "UBND tỉnh"),
        "2016-03-02",
        "",
        [("2016-2020", ""), ("2021-2025", "")],
        [],
    ),
    (
        "tiet-kiem-chong-lang-phi",
        "Thực hành tiết kiệm, chống lãng phí",
        [],
        "phong-trao-thi-dua",
        "chuyen-de",
        "Thủ tướng Chính phủ",
        "national",
        None,
        "2023-11-18",
        "",
        [],
        [],
    ),
    (
        "cai-cach-hanh-chinh-trong-khoi",
        "Các khối thi đua đẩy mạnh cải cách hành chính",
        ["thi đua cải cách hành chính"],
        "phong-trao-thi-dua",
        "chuyen-de",
        "Hội đồng Thi đua - Khen thưởng tỉnh",
        "bloc",
        None,
        "2018-01-01",
        "2022-12-31",
        [("2018-2022", "")],
        [],
    ),
    (
        "so-hoa-ho-so-thi-dua",
        "Số hóa hồ sơ thi đua, khen thưởng trong các khối",
        ["số hóa hồ sơ thi đua"],
        "phong-trao-thi-dua",
        "chuyen-de",
        "Hội đồng Thi đua - Khen thưởng tỉnh",
        "bloc",
        None,
        "2023-01-01",
        "",
        [("2023-2025", "")],
        ["cai-cach-hanh-chinh-trong-khoi"],
    ),
]

CAMPAIGN_SENTENCES = [
    "Phong trào được triển khai sâu rộng tới từng chi bộ, chi hội và tổ công tác của các "
    "đơn vị trong khối.",
    "Mỗi năm, các đơn vị đăng ký ít nhất một nội dung cụ thể gắn với chức năng, nhiệm vụ "
    "của mình và báo cáo kết quả tại hội nghị sơ kết.",
    "Nội dung thực hiện được đưa vào khung tiêu chí chấm điểm thi đua của khối với số điểm "
    "tối đa là {n_small} điểm.",
    "Qua các năm thực hiện, nhiều mô hình hay, cách làm sáng tạo đã được nhân rộng "
    "ở cơ sở, nhất là tại các xã vùng cao.",
    "Việc thực hiện gắn với nhiệm vụ chính trị của từng cơ quan, tránh hình thức, chạy "
    "theo số lượng.",
    "Ban Thi đua - Khen thưởng tỉnh thường xuyên hướng dẫn, đôn đốc và tổng hợp kết quả "
    "định kỳ sáu tháng một lần.",
    "Những tập thể, cá nhân tiêu biểu được biểu dương tại hội nghị tổng kết của khối và "
    "được đề nghị cấp trên khen thưởng.",
    "Các đơn vị đã huy động được {money} từ nguồn xã hội hóa để thực hiện các nội dung "
    "của phong trào.",
    "Tại nhiều đơn vị, phong trào được cụ thể hóa thành những việc làm nhỏ, dễ kiểm tra, "
    "dễ đánh giá.",
    "Nhiều cá nhân là người lao động trực tiếp đã được biểu dương nhờ những đóng góp bền bỉ "
    "trong phong trào.",
    "Hằng năm, mỗi đơn vị lựa chọn {n_small} tập thể, cá nhân tiêu biểu để giới thiệu với khối.",
    "Kết quả thực hiện là một căn cứ quan trọng khi bình xét danh hiệu thi đua cuối năm.",
    "Một số nơi còn lúng túng trong việc lựa chọn nội dung, cách làm chưa thật sự sáng tạo.",
    "Thời gian tới, các đơn vị sẽ tiếp tục đổi mới hình thức tuyên truyền, nhất là trên "
    "nền tảng số.",
]

# ---------------------------------------------------------------- people

FAMILY = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
    "Dương", "Lý", "Lò", "Giàng", "Vàng", "Sùng", "Hà", "Lục", "Nông", "Triệu", "Đinh",
    "Mai", "Tô", "Phùng", "Cao", "Lương", "Tạ",
]  # fmt: skip
MIDDLE_M = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân", "Thanh", "Ngọc", "A", "Mạnh", "Tiến"]
MIDDLE_F = ["Thị", "Thị Thu", "Thị Minh", "Thị Hồng", "Thị Ngọc", "Thu", "Thị Thanh", "Thị Kim"]
GIVEN_M = [
    "Hùng", "Dũng", "Cường", "Tuấn", "Khánh", "Long", "Sơn", "Phong", "Thắng", "Bình",
    "Hải", "Trung", "Kiên", "Tùng", "Quân", "Lâm", "Phúc", "Thành", "Chiến", "Nam",
    "Đạt", "Hiếu", "Toàn", "Vinh",
]  # fmt: skip
GIVEN_F = [
    "Lan", "Hương", "Mai", "Hoa", "Thảo", "Trang", "Ngân", "Yến", "Nhung", "Hằng", "Dung",
    "Phượng", "Oanh", "Loan", "Thủy", "Vân", "Hạnh", "Liên", "Huyền", "Duyên", "Giang",
    "Quyên", "Diệp", "Ánh",
]  # fmt: skip

LEADER_ROLES = [
    "Phó Chủ tịch",
    "Trưởng phòng Tổng hợp",
    "Chánh Văn phòng",
    "Phó Trưởng ban Tổ chức",
    "Trưởng ban Tuyên giáo",
    "Phó Giám đốc",
]
STAFF_ROLES = [
    "Chuyên viên",
    "Cán bộ chuyên trách",
    "Kế toán",
    "Nhân viên lưu trữ",
    "Chuyên viên Văn phòng",
    "Cán bộ thi đua",
    "Nhân viên kỹ thuật",
]

GUEST_POSTS = [
    "Phó Chủ tịch UBND tỉnh",
    "Trưởng ban Thi đua - Khen thưởng tỉnh",
    "Phó Trưởng ban Thi đua - Khen thưởng tỉnh",
    "Giám đốc Sở Nội vụ",
    "Phó Chủ tịch Ủy ban MTTQ Việt Nam tỉnh",
    "Phó Trưởng ban Dân vận Tỉnh ủy",
]

PROFILE_SENTENCES = [
    "{pronoun_cap} bắt đầu công tác tại {unit} từ năm {year_from}, "
    "trải qua nhiều vị trí trước khi đảm nhận công việc hiện nay.",
    "Trong công việc, {pronoun} luôn chủ động đề xuất cách làm mới, giúp rút ngắn thời gian "
    "xử lý hồ sơ khoảng {pct} so với trước.",
    "Ngoài giờ hành chính, {pronoun} tham gia đội tình nguyện của cơ quan, nhiều lần về "
    "{place} hỗ trợ người dân khắc phục hậu quả mưa lũ.",
    "{pronoun_cap} là người xây dựng bộ tài liệu hướng dẫn nghiệp vụ được các đơn vị trong "
    "khối sử dụng chung.",
    "Nhiều năm liền {pronoun} hoàn thành xuất sắc nhiệm vụ và được đồng nghiệp tín nhiệm "
    "giới thiệu là gương điển hình của đơn vị.",
    "{pronoun_cap} cùng nhóm công tác đã vận động được {money} giúp {n_small} gia đình "
    "khó khăn sửa chữa nhà ở.",
    "Sáng kiến của {pronoun} về quản lý văn bản điện tử được Hội đồng sáng kiến cấp tỉnh "
    "công nhận và áp dụng tại {n_small} đơn vị.",
    "Theo {pronoun}, điều quan trọng nhất là làm việc đến nơi đến chốn và luôn lắng nghe "
    "ý kiến của cơ sở.",
    "Đồng nghiệp nhận xét {pronoun} là người cẩn thận, chu đáo và luôn sẵn sàng hỗ trợ "
    "người mới vào nghề.",
    "Năm {year_from}, {pronoun} tham gia tổ công tác giúp {place} hoàn thiện hồ sơ xét công "
    "nhận đạt chuẩn nông thôn mới.",
    "Mỗi tháng, {pronoun} dành ít nhất hai ngày xuống cơ sở để nắm tình hình và hướng dẫn "
    "nghiệp vụ.",
    "Gia đình {pronoun} nhiều năm liền được công nhận là gia đình văn hóa tiêu biểu.",
    "Trong đợt mưa lũ năm trước, {pronoun} đã cùng đồng đội vận chuyển hàng cứu trợ tới "
    "{n_small} thôn bị chia cắt.",
    "{pronoun_cap} còn là hạt nhân phong trào văn nghệ, thể thao của {unit}.",
]

# ---------------------------------------------------------------- places, tags, activities

PLACES = [
    "Tân Lập", "Phong Niên", "Xuân Quang", "Bản Phiệt", "Cốc San", "Nậm Chày",
    "Thanh Phú", "Hợp Thành", "Gia Phú", "Sơn Hải", "Võ Lao", "Minh Lương",
    "Khánh Yên", "Tả Phìn", "Lùng Vai", "Phú Nhuận", "Bảo Hà", "Cam Cọn",
    "Nghĩa Đô", "Tân Dương", "Nậm Lúc", "Bản Lầu", "Pha Long", "Cốc Ly",
]  # fmt: skip
PLACE_KINDS = ["xã", "xã", "xã", "thôn", "bản", "phường", "thị trấn"]

TAGS = [
    "Thi đua yêu nước", "Khen thưởng", "Giao ước thi đua", "Tổng kết", "Sơ kết",
    "Điển hình tiên tiến", "Nông thôn mới", "An sinh xã hội", "Giảm nghèo bền vững",
    "Chuyển đổi số", "Cải cách hành chính", "Văn hóa công sở", "Xây dựng Đảng",
    "Học tập và làm theo Bác", "Đền ơn đáp nghĩa", "Phòng chống thiên tai", "Cứu trợ",
    "Hiến máu tình nguyện", "Khuyến học", "Thanh niên tình nguyện", "Phụ nữ", "Nông dân",
    "Công nhân lao động", "Cựu chiến binh", "Thể thao", "Văn nghệ", "Về nguồn",
    "Kiểm tra chéo", "Chấm điểm", "Bình xét", "Giám sát và phản biện", "Dân tộc thiểu số",
    "Vùng cao", "Biên giới", "Môi trường", "Y tế cơ sở", "Giáo dục", "Du lịch",
    "Đầu tư công", "Pháp luật",
]  # fmt: skip

TOPICS = [
    "chuyển đổi số trong công tác thi đua",
    "văn hóa công sở",
    "cải cách hành chính",
    "giảm nghèo bền vững",
    "xây dựng nông thôn mới",
    "phòng, chống thiên tai",
    "chăm lo người có công",
    "phát hiện, bồi dưỡng điển hình tiên tiến",
    "khen thưởng người lao động trực tiếp",
    "thực hành tiết kiệm, chống lãng phí",
    "bảo vệ môi trường",
    "hỗ trợ đồng bào vùng cao",
]

ACTIVITIES = [
    "hành trình về nguồn",
    "giải thể thao truyền thống",
    "giao lưu văn nghệ",
    "trao quà cho hộ nghèo",
    "trồng cây xanh",
    "hiến máu tình nguyện",
    "khám bệnh, cấp thuốc miễn phí",
    "tặng sách cho học sinh vùng cao",
    "dọn vệ sinh môi trường",
    "hội thi tìm hiểu pháp luật",
]

REPORTERS = [
    "Minh Hằng", "Bảo Ngọc", "Quốc Khánh", "Thu Trang", "Đức Anh", "Lan Phương",
    "Hải Đăng", "Phương Thảo", "Văn Tuấn", "Mỹ Linh", "Trung Kiên", "Hồng Nhung",
    "Thanh Tùng", "Kim Oanh", "Việt Hà", "Ngọc Diệp",
]  # fmt: skip
SOURCES = ["Báo tỉnh điện tử", "Cổng Thông tin điện tử tỉnh", "Đài PT-TH tỉnh"]
ORGS = ["Ban Thi đua - Khen thưởng tỉnh", "Văn phòng khối", "Ban Tuyên giáo"]

# ---------------------------------------------------------------- events

# event type → (weight, months, title templates, secondary event types)
EVENTS: dict[str, tuple[int, list[int], list[str], list[str]]] = {
    "phat-dong": (
        8,
        [1, 2, 3],
        [
            "{bloc} phát động phong trào thi đua năm {year}",
            "{bloc} phát động đợt thi đua cao điểm về {the_topic}",
            "Phát động thi đua {the_topic} trong {bloc_kind} năm {year}",
        ],
        ["ky-giao-uoc", "dang-ky"],
    ),
    "ky-giao-uoc": (
        7,
        [1, 2, 3, 4],
        [
            "{bloc} ký kết giao ước thi đua năm {year}",
            "Các đơn vị {bloc} ký giao ước thi đua, quyết tâm hoàn thành chỉ tiêu {year}",
        ],
        ["phat-dong", "dang-ky"],
    ),
    "dang-ky": (
        4,
        [1, 2, 3],
        [
            "{focus} đăng ký danh hiệu thi đua năm {year}",
            "{bloc} hoàn thành đăng ký danh hiệu thi đua năm {year}",
        ],
        ["ky-giao-uoc"],
    ),
    "so-ket": (
        10,
        [6, 7],
        [
            "{bloc} sơ kết công tác thi đua 6 tháng đầu năm {year}",
            "Sơ kết 6 tháng: {bloc} hoàn thành nhiều chỉ tiêu quan trọng",
            "{bloc} đánh giá kết quả thi đua 6 tháng, đề ra nhiệm vụ cuối năm {year}",
        ],
        ["kiem-tra-cheo", "bieu-duong"],
    ),
    "tong-ket": (
        12,
        [11, 12, 1, 2, 3],
        [
            "{bloc} tổng kết công tác thi đua, khen thưởng năm {period}",
            "Hội nghị tổng kết {bloc} năm {period}",
            "{bloc} tổng kết năm {period}, triển khai nhiệm vụ năm mới",
        ],
        ["cham-diem", "ky-giao-uoc", "phat-dong", "bieu-duong", "suy-ton"],
    ),
    "cham-diem": (
        4,
        [11, 12, 1],
        ["{bloc} chấm điểm, bình xét thi đua năm {period}"],
        ["suy-ton"],
    ),
    "suy-ton": (
        3,
        [12, 1],
        ["{top} được suy tôn dẫn đầu {bloc} năm {period}"],
        ["cham-diem", "bieu-duong"],
    ),
    "bau-truong-khoi": (
        3,
        [12, 1],
        [
            "{head} được bầu làm Trưởng {bloc_kind} năm {lead_year}",
            "{bloc} bầu Trưởng khối, Phó khối năm {lead_year}",
        ],
        ["ban-giao"],
    ),
    "ban-giao": (
        3,
        [12, 1, 2],
        ["{bloc} bàn giao nhiệm vụ Trưởng {bloc_kind} năm {lead_year}"],
        ["bau-truong-khoi"],
    ),
    "bieu-duong": (
        8,
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
        [
            "{bloc} biểu dương {n_small} điển hình tiên tiến",
            "{focus} biểu dương tập thể, cá nhân tiêu biểu trong phong trào {the_topic}",
        ],
        ["hoat-dong-chung"],
    ),
    "kiem-tra-cheo": (
        7,
        [6, 7, 8, 10],
        [
            "{bloc} kiểm tra chéo công tác thi đua tại {focus}",
            "Đoàn kiểm tra chéo {bloc} làm việc với {focus}",
        ],
        ["so-ket"],
    ),
    "hoat-dong-chung": (
        14,
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
        [
            "{bloc} tổ chức {the_activity} tại {the_place}",
            "{focus} chủ trì {the_activity} của {bloc}",
            "Đoàn viên, hội viên {bloc} tham gia {the_activity}",
        ],
        ["bieu-duong"],
    ),
    "hoi-nghi-chuyen-de": (
        12,
        [3, 4, 5, 6, 8, 9, 10, 11],
        [
            "{bloc} hội nghị chuyên đề về {the_topic}",
            "Hội nghị chuyên đề {bloc}: bàn giải pháp {the_topic}",
        ],
        ["hoat-dong-chung"],
    ),
    "dai-hoi-thi-dua": (
        2,
        [5, 6, 7, 8, 9],
        ["{bloc} tổ chức Đại hội Thi đua yêu nước lần thứ {congress}"],
        ["bieu-duong"],
    ),
}

CATEGORY_OF = {
    "tong-ket": "ket-qua-thi-dua",
    "cham-diem": "ket-qua-thi-dua",
    "suy-ton": "ket-qua-thi-dua",
    "bieu-duong": "guong-dien-hinh",
    "dai-hoi-thi-dua": "guong-dien-hinh",
}

# event type → what the lead paragraph says happened (after "{when}, {bloc_name} ")
LEADS: dict[str, list[str]] = {
    "phat-dong": [
        "tổ chức lễ phát động phong trào thi đua năm {year} với chủ đề đoàn kết, "
        "sáng tạo, hoàn thành xuất sắc nhiệm vụ được giao.",
        "phát động đợt thi đua cao điểm về {the_topic}, kéo dài đến hết tháng {month_end}.",
    ],
    "ky-giao-uoc": [
        "tổ chức ký kết giao ước thi đua năm {year} giữa {n_units} đơn vị thành viên.",
        "tổ chức hội nghị ký giao ước thi đua, thống nhất {n_small} nội dung thi đua trọng tâm.",
    ],
    "dang-ky": [
        "hoàn thành việc tổng hợp đăng ký danh hiệu thi đua năm {year} của các đơn vị thành viên.",
    ],
    "so-ket": [
        "tổ chức hội nghị sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm {year} và "
        "bàn nhiệm vụ những tháng cuối năm.",
        "họp sơ kết 6 tháng, đánh giá tiến độ thực hiện các chỉ tiêu đã ký giao ước.",
    ],
    "tong-ket": [
        "tổ chức hội nghị tổng kết công tác thi đua, khen thưởng năm {period}, triển khai "
        "nhiệm vụ năm {next_year}.",
        "nhìn lại một năm {period} thi đua, bình xét và đề nghị khen thưởng các đơn vị dẫn đầu.",
    ],
    "cham-diem": [
        "tổ chức chấm điểm, bình xét thi đua năm {period} theo bộ tiêu chí đã thống nhất "
        "từ đầu năm.",
    ],
    "suy-ton": [
        "tổ chức bỏ phiếu suy tôn đơn vị dẫn đầu phong trào thi đua năm {period}.",
    ],
    "bau-truong-khoi": [
        "tổ chức bầu đơn vị Trưởng {kind}, Phó {kind} cho năm {lead_year} bằng hình thức "
        "bỏ phiếu kín.",
    ],
    "ban-giao": [
        "tổ chức bàn giao nhiệm vụ Trưởng {kind} năm {lead_year}, kèm theo hồ sơ và Cờ "
        "luân lưu của {kind}.",
    ],
    "bieu-duong": [
        "tổ chức biểu dương các tập thể, cá nhân có thành tích tiêu biểu trong phong trào "
        "thi đua về {the_topic}.",
        "gặp mặt, tuyên dương {n_small} gương điển hình tiên tiến là người lao động trực tiếp.",
    ],
    "kiem-tra-cheo": [
        "thành lập đoàn kiểm tra chéo công tác thi đua, khen thưởng tại {focus}.",
        "tiến hành kiểm tra chéo việc thực hiện giao ước thi đua tại các đơn vị thành viên.",
    ],
    "hoat-dong-chung": [
        "tổ chức {the_activity} tại {the_place} với sự tham gia của {n_people} đoàn viên, "
        "hội viên.",
        "phối hợp với chính quyền {the_place} tổ chức {the_activity}.",
    ],
    "hoi-nghi-chuyen-de": [
        "tổ chức hội nghị chuyên đề về {the_topic} với sự tham dự của lãnh đạo các đơn vị "
        "thành viên.",
        "tổ chức tọa đàm chuyên đề, trao đổi kinh nghiệm về {the_topic}.",
    ],
    "dai-hoi-thi-dua": [
        "tổ chức Đại hội Thi đua yêu nước lần thứ {congress}, giai đoạn {stage}.",
    ],
}

LEAD_TAILS = [
    "Dự hội nghị có đại diện lãnh đạo Ban Thi đua - Khen thưởng tỉnh và các đơn vị thành viên.",
    "Tham dự có {n_guests} đại biểu là lãnh đạo, cán bộ phụ trách công tác thi đua của các đơn vị.",
    "Hoạt động do {host} chủ trì, đơn vị Trưởng {kind} năm nay.",
    "Đây là hoạt động nằm trong chương trình công tác năm của khối.",
]

HEADINGS: dict[str, list[str]] = {
    "phat-dong": ["Nội dung phát động", "Chỉ tiêu thi đua năm mới", "Các phong trào trọng tâm"],
    "ky-giao-uoc": ["Nội dung giao ước", "Cam kết của các đơn vị", "Các chỉ tiêu chủ yếu"],
    "dang-ky": ["Danh hiệu đăng ký", "Những điểm mới trong đăng ký thi đua"],
    "so-ket": ["Kết quả 6 tháng đầu năm", "Hạn chế, tồn tại", "Nhiệm vụ 6 tháng cuối năm"],
    "tong-ket": ["Kết quả nổi bật trong năm", "Kết quả bình xét", "Phương hướng năm tới"],
    "cham-diem": ["Kết quả chấm điểm", "Ý kiến của các đơn vị"],
    "suy-ton": ["Đơn vị dẫn đầu", "Những dấu ấn trong năm"],
    "bau-truong-khoi": ["Kết quả bầu Trưởng khối", "Nhiệm vụ của Trưởng khối"],
    "ban-giao": ["Bàn giao hồ sơ, nhiệm vụ", "Kế hoạch của Trưởng khối mới"],
    "bieu-duong": ["Những gương mặt tiêu biểu", "Lan tỏa điển hình tiên tiến"],
    "kiem-tra-cheo": ["Kết quả kiểm tra", "Kiến nghị sau kiểm tra"],
    "hoat-dong-chung": ["Hoạt động thiết thực", "Ý nghĩa của chương trình", "Sự gắn kết"],
    "hoi-nghi-chuyen-de": ["Thực trạng và nguyên nhân", "Giải pháp được đề xuất", "Kinh nghiệm"],
    "dai-hoi-thi-dua": ["Kết quả giai đoạn vừa qua", "Mục tiêu giai đoạn mới", "Khen thưởng"],
}
GENERAL_HEADINGS = [
    "Đánh giá chung",
    "Một số kết quả cụ thể",
    "Những cách làm hay",
    "Ý kiến tại hội nghị",
    "Chỉ đạo của lãnh đạo tỉnh",
    "Nhiệm vụ thời gian tới",
    "Khó khăn, vướng mắc",
    "Công tác phối hợp",
]

# general sentences; one paragraph takes 3 to 5 of them
SENTENCES = [
    "Trong năm, {unit} đã tổ chức {n_small} cuộc tuyên truyền với hơn {n_people} lượt người "
    "tham dự.",
    "Các đơn vị trong khối đã hoàn thành {pct} chỉ tiêu đăng ký từ đầu năm, nhiều chỉ tiêu "
    "vượt kế hoạch.",
    "Tổng số tiền vận động ủng hộ các hoạt động an sinh xã hội đạt {money}.",
    "{unit} đã hỗ trợ xây dựng {n_small} nhà đại đoàn kết cho hộ nghèo tại {place}.",
    "Tỷ lệ hồ sơ công việc được xử lý trên môi trường mạng đạt {pct}, tăng so với cùng kỳ.",
    "Việc tìm ra, vun đắp và lan tỏa những gương điển hình tiếp tục được chú trọng.",
    "Nhiều mô hình mới như tổ tự quản, câu lạc bộ sở thích, nhóm hỗ trợ sinh kế được hình "
    "thành ở cơ sở.",
    "Đại diện {unit} cho biết, đơn vị đã chủ động xây dựng kế hoạch ngay từ tháng {month}.",
    "Việc chấm điểm được thực hiện công khai, dân chủ, đúng quy chế hoạt động của khối.",
    "Khối đã kịp thời biểu dương {n_small} tập thể và {n_people} cá nhân có thành tích xuất sắc.",
    "Số hội viên, đoàn viên mới được kết nạp trong năm đạt {n_people} người.",
    "Các đơn vị đã phối hợp tổ chức {n_small} lớp tập huấn nghiệp vụ cho cán bộ cơ sở.",
    "Qua kiểm tra, hồ sơ thi đua của các đơn vị được lưu trữ đầy đủ, khoa học.",
    "Một số đơn vị còn chậm gửi báo cáo, việc đăng ký thi đua ở một vài nơi còn hình thức.",
    "Việc nhân rộng các mô hình hay ở một số nơi chưa thực sự hiệu quả.",
    "Phát biểu tại hội nghị, {guest} ghi nhận những kết quả mà khối đạt được trong thời gian qua.",
    "{guest} đề nghị các đơn vị tiếp tục đổi mới nội dung, hình thức thi đua, tránh dàn trải.",
    "Ý kiến tham luận xoay quanh nhiều kinh nghiệm trong việc triển khai phong trào ở cơ sở.",
    "Hội nghị thống nhất tăng tỷ lệ khen thưởng cho người lao động trực tiếp lên {pct}.",
    "Tại {place}, đoàn công tác đã thăm và tặng {n_small} suất quà cho các gia đình chính sách.",
    "Mỗi suất quà trị giá {gift}, gồm tiền mặt và nhu yếu phẩm thiết yếu.",
    "Hoạt động góp phần tăng cường sự gắn kết giữa các cơ quan, đơn vị trong khối.",
    "Các đơn vị đã giải ngân {pct} kế hoạch vốn được giao, cao hơn mức bình quân chung của tỉnh.",
    "Năm nay, lần đầu tiên toàn bộ hồ sơ đề nghị khen thưởng được nộp qua hệ thống điện tử.",
    "Nhiều sáng kiến, giải pháp được áp dụng, làm lợi hàng trăm triệu đồng cho các đơn vị.",
    "Khối đề nghị Hội đồng Thi đua - Khen thưởng tỉnh sớm ban hành hướng dẫn chấm điểm mới.",
    "{unit} đã chủ trì tốt vai trò điều phối, giữ liên lạc thường xuyên với các thành viên.",
    "Các phong trào thi đua được gắn chặt với việc thực hiện nhiệm vụ chính trị của từng đơn vị.",
    "Bình quân mỗi đơn vị có {n_small} sáng kiến được công nhận trong năm.",
    "Đoàn viên, hội viên đã tham gia {n_small} đợt ra quân làm sạch môi trường tại {place}.",
    "Khối đã trao {n_small} suất học bổng cho học sinh nghèo vượt khó tại {place}.",
    "Cán bộ, công chức trong khối tích cực tham gia hiến máu, với {n_people} đơn vị máu "
    "được tiếp nhận.",
    "Đến nay, {place} đã đạt {n_small}/19 tiêu chí nông thôn mới.",
    "Công tác phối hợp giữa các thành viên ngày càng chặt chẽ, thực chất hơn.",
    "Đoàn kiểm tra đánh giá cao tinh thần chủ động, sáng tạo của đơn vị.",
    "Kết thúc chương trình, các đơn vị cam kết duy trì hoạt động thường xuyên, lâu dài.",
]

LIST_ITEMS = [
    "Đẩy mạnh tuyên truyền về ý nghĩa của phong trào thi đua yêu nước",
    "Hoàn thành các chỉ tiêu đăng ký trước ngày {day}/11",
    "Tăng tỷ lệ hồ sơ xử lý trực tuyến lên tối thiểu {pct}",
    "Phát hiện và giới thiệu ít nhất {n_small} điển hình tiên tiến mỗi đơn vị",
    "Duy trì sinh hoạt định kỳ của khối mỗi quý một lần",
    "Phối hợp hỗ trợ {n_small} hộ nghèo tại {place} thoát nghèo bền vững",
    "Đổi mới khung tiêu chí chấm điểm theo hướng lượng hóa",
    "Tổ chức kiểm tra chéo vào tháng {month}",
    "Ưu tiên khen thưởng người lao động trực tiếp, người dân tộc thiểu số",
    "Thực hiện nghiêm văn hóa công sở và quy tắc ứng xử",
    "Hoàn thiện cơ sở dữ liệu thi đua, khen thưởng của khối",
    "Tổ chức ít nhất một hoạt động chung mỗi quý",
    "Vận động đoàn viên, hội viên tham gia bảo vệ môi trường",
    "Rà soát, sửa đổi quy chế hoạt động của khối",
    "Chăm lo đời sống vật chất, tinh thần cho cán bộ, người lao động",
]

TABLE_INDICATORS = [
    "Số cuộc tuyên truyền",
    "Số hội viên, đoàn viên mới",
    "Số mô hình mới",
    "Số hộ nghèo được hỗ trợ",
    "Kinh phí vận động (triệu đồng)",
    "Số sáng kiến được công nhận",
    "Số lớp tập huấn",
    "Số nhà đại đoàn kết",
    "Số đơn vị máu tiếp nhận",
]
DANH_HIEU = [
    "Tập thể lao động xuất sắc",
    "Cờ thi đua của UBND tỉnh",
    "Bằng khen của Chủ tịch UBND tỉnh",
    "Tập thể lao động tiên tiến",
]

ALTS = [
    "Quang cảnh hội nghị",
    "Đại biểu dự hội nghị",
    "Lãnh đạo các đơn vị ký giao ước thi đua",
    "Trao cờ thi đua cho đơn vị dẫn đầu",
    "Các đại biểu chụp ảnh lưu niệm",
    "Đoàn viên, hội viên tham gia hoạt động tình nguyện",
    "Trao quà cho gia đình chính sách",
    "Đoàn kiểm tra làm việc tại đơn vị",
    "Tiết mục văn nghệ chào mừng",
    "Vận động viên thi đấu giao hữu",
    "Tặng hoa chúc mừng các điển hình tiên tiến",
    "Phát biểu chỉ đạo tại hội nghị",
]
CAPTIONS = [
    "Quang cảnh hội nghị.",
    "Các đại biểu dự hội nghị.",
    "Lãnh đạo các đơn vị ký kết giao ước thi đua.",
    "Trao Cờ thi đua cho đơn vị dẫn đầu khối.",
    "Đại diện các đơn vị chụp ảnh lưu niệm.",
    "Đoàn viên, hội viên tham gia hoạt động tại {place}.",
    "Trao quà cho các gia đình chính sách tại {place}.",
    "Đoàn kiểm tra chéo làm việc tại {unit}.",
    "Một tiết mục văn nghệ tại chương trình.",
    "Biểu dương các tập thể, cá nhân tiêu biểu.",
    "Lãnh đạo {unit} phát biểu tại hội nghị.",
]

LINK_SENTENCES = {
    "bulletin": [
        "Trước đó, khối đã có [{title}]({target}).",
        "Xem thêm: [{title}]({target}).",
        "Nội dung này tiếp nối kết quả của [{title}]({target}).",
    ],
    "profile": [
        "Tiêu biểu là [{person}]({target}), người đã có nhiều đóng góp cho phong trào.",
        "Câu chuyện của [{person}]({target}) được nhiều đại biểu nhắc đến.",
    ],
    "campaign": [
        "Hoạt động gắn với việc thực hiện [{campaign}]({target}).",
        "Đây cũng là dịp các đơn vị đánh giá kết quả thực hiện [{campaign}]({target}).",
    ],
    "bloc": ["Thông tin về thành viên và kết quả các năm có tại trang [{bloc}]({target})."],
    "unit": ["Đơn vị chủ trì năm nay là [{unit}]({target})."],
    "tag": ["Các tin khác cùng chủ đề [{tag}]({target})."],
    "event": ["Xem các tin về [{event}]({target}) của các khối."],
    "page": ["Thông tin chung về các khối, cụm có tại trang [giới thiệu]({target})."],
}

BIO_OPENINGS = [
    "{title} {name} sinh năm {born}, quê ở {place}.",
    "{title} {name} hiện là {position}.",
]

EVENT_LABELS = {
    "phat-dong": "các lễ phát động phong trào",
    "ky-giao-uoc": "các hội nghị ký giao ước thi đua",
    "dang-ky": "việc đăng ký danh hiệu thi đua",
    "so-ket": "các hội nghị sơ kết",
    "tong-ket": "các hội nghị tổng kết",
    "cham-diem": "việc chấm điểm, bình xét",
    "suy-ton": "việc suy tôn đơn vị dẫn đầu",
    "bau-truong-khoi": "việc bầu Trưởng khối, Phó khối",
    "ban-giao": "việc bàn giao Trưởng khối",
    "bieu-duong": "các buổi biểu dương, khen thưởng",
    "kiem-tra-cheo": "các đợt kiểm tra chéo",
    "hoat-dong-chung": "các hoạt động chung",
    "hoi-nghi-chuyen-de": "các hội nghị chuyên đề",
    "dai-hoi-thi-dua": "các Đại hội Thi đua yêu nước",
}
