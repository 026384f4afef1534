"""The public references that the built-in profiles cite, one object per document.

Each :class:`~microcred.frameworks.Reference` names the document, its issuing body, date, a URL
and how far the cited facts were checked (:class:`~microcred.frameworks.SourceStatus`). A cell
cites a document with :meth:`Reference.at` (a section, and its own status when it differs).
Status "secondary" means the wording was read in a third-party text that quotes the document
(named in ``via``); "verified_primary" that it was read on the issuing body's own page or text.
"""

from __future__ import annotations

from ._sources import Reference, SourceStatus

__all__ = ["REFERENCES"]

_S = SourceStatus

# -- Japan ----------------------------------------------------------------------------------------

TALK = Reference(
    "マイクロクレデンシャルの国内外の最新動向と質保証 (Latest domestic and international trends in "
    "micro-credentials, and quality assurance), presentation",
    "井上雅裕 (Masahiro Inoue), Keio University; founder of the JV-Campus/JMOOC micro-credential "
    "joint working group", "2024",
    "slide 'Common Descriptors of Micro-credentials (proposed)'", "", _S.SECONDARY,
    note="no public URL of the slides is known; the slides name the framework site "
         "https://www.micro-credential-jwg.org")

JWG_FRAMEWORK = Reference(
    "マイクロクレデンシャルのフレームワーク (Micro-credential framework) and guideline for digital "
    "issuance, 1st edition",
    "JV-Campus/JMOOC micro-credential joint working group (共同WG)", "2024-04",
    "common descriptors table", "https://www.micro-credential-jwg.org", _S.SECONDARY,
    via="the talk by 井上雅裕 (2024), which shows the framework's table and dates: draft "
        "published October 2023, 1st edition April 2024",
    note="the framework PDF itself was not retrieved")

JWG_DRAFT = Reference(
    "マイクロクレデンシャルのフレームワーク (Micro-credential framework), draft",
    "JV-Campus/JMOOC micro-credential joint working group (共同WG)", "2023-10",
    "common descriptors table, column 案 (proposed)", "https://www.micro-credential-jwg.org",
    _S.SECONDARY, via="the talk by 井上雅裕 (2024), which shows this table",
    note="the draft itself was not retrieved")

_JMICRO_PAGE = "https://www.micro-credentials.jp/?p=8714"
_JWG_CONSULTATION = (
    "public consultation on both drafts (1.1(案), 3.0(案)) announced 2025-03-17 by 大学の国際化"
    "促進フォーラム, JV-Campus and JMOOC: https://www.jv-campus.org/newslist/363184")

JWG_GUIDELINE_1_1 = Reference(
    "マイクロクレデンシャルをデジタル発行するためのガイドライン1.1（OpenBadge2.0に対応） "
    "(Guidelines for Digital Issuance of Micro-credentials 1.1, Open Badges 2.0)",
    "Micro-credential Joint Working Group (JV-Campus / JMOOC), published by JMICRO",
    "2024-03-27", "created 2024-03-27, revised 2025-05-27 (JMICRO's list of documents)",
    _JMICRO_PAGE, _S.UNVERIFIED,
    note="existence, dates and scope (descriptors mapped to Open Badges 2.0 metadata) read on "
         "JMICRO's page; " + _JWG_CONSULTATION + "; the guideline text was not read, so no "
         "cell of it is encoded")

JWG_GUIDELINE_3_0 = Reference(
    "マイクロクレデンシャルをデジタル発行するためのガイドライン3.0（OpenBadge3.0に対応） "
    "(Guidelines for Digital Issuance of Micro-credentials 3.0, Open Badges 3.0)",
    "Micro-credential Joint Working Group (JV-Campus / JMOOC), published by JMICRO",
    "2025-02-25", "created 2025-02-25, revised 2025-05-27 (JMICRO's list of documents)",
    "https://www.micro-credentials.jp/wp-content/uploads/2025/05/"
    "Guideline-for-issuing-micro-credentials-digitally-3.0-20250527.pdf", _S.UNVERIFIED,
    note="existence, dates and scope (the descriptors required for digital issuance and "
         "their Open Badges 3.0 metadata, with JSON examples) read on JMICRO's page "
         + _JMICRO_PAGE + "; " + _JWG_CONSULTATION + "; the PDF was not read, so no cell of "
         "it is encoded")

SEKO_KISOKU_2008 = Reference(
    "学校教育法施行規則の一部改正について（大学等の履修証明及び入学時期の更なる弾力化）",
    "文部科学省 中央教育審議会 大学分科会 (MEXT, Central Council for Education)", "2008",
    "資料2-1, 2.(1): 120時間以上; items published in advance and stated on the certificate; "
    "体制の整備",
    "https://www.mext.go.jp/b_menu/shingi/chukyo/chukyo4/gijiroku/001/08092614/001.htm",
    _S.VERIFIED_PRIMARY, note="MEXT's explanation of 学校教育法施行規則 第164条 as enacted")

GAKKO_KYOIKU_HO_105 = Reference(
    "学校教育法 第105条 (School Education Act, Art. 105)", "文部科学省 (MEXT)", "2007",
    "「大学は、…特別の課程を編成し、これを修了した者に対し、修了の事実を証する証明書を交付することが"
    "できる」", "https://www.mext.go.jp/b_menu/shingi/chukyo/chukyo4/gijiroku/001/08092614/001.htm",
    _S.VERIFIED_PRIMARY, note="quoted in MEXT's 資料2-1 (参照条文)")

MEXT_NOTICE_2008 = Reference(
    "学校教育法等の一部を改正する法律の施行に伴う関係政令等の整備について（通知）19文科初第1074号",
    "文部科学事務次官 (MEXT)", "2008-01-23", "改正法は（平成19年12月）26日に施行",
    "https://www.mext.go.jp/a_menu/koutou/shoumei/08020613/001.htm", _S.VERIFIED_PRIMARY)

RISHU_60H_2019 = Reference(
    "学校教育法施行規則 第164条 as amended in 2019 (総時間数 60時間以上)", "文部科学省 (MEXT)",
    "2019-04", "第164条: lower bound lowered from 120 to 60 hours in April 2019",
    "https://mohtsuc-u.hateblo.jp/entry/2019/11/08/170100", _S.SECONDARY,
    via="blog 大学について考えるブログ (2019-11-08): 「今年4月、学校教育法施行規則が改正され、"
        "履修証明制度の総時間数の下限が120時間から60時間に引き下げられました」; also 月刊事業構想 "
        "https://www.projectdesign.jp/199902/news/004695.php",
    note="the current e-Gov text was not read")

RISHU_CONTACT = Reference(
    "文科省 社会人の学び直しに履修証明プログラムを短期化へ", "月刊事業構想 (Project Design)",
    "2018-02", "MEXT survey answer quoted: 「総授業時間数(120時間以上)が長すぎる」",
    "https://www.projectdesign.jp/199902/news/004695.php", _S.SECONDARY,
    note="the 総時間数 of 第164条 read as hours of instruction (授業時間数)")

NIAD_GLOSSARY = Reference(
    "高等教育に関する質保証関係用語集（オンライン版）: 履修証明制度 (Certification System for "
    "Extension Programs)", "NIAD-QE (大学改革支援・学位授与機構)", "2022",
    "「大学…においては2019年8月から、履修証明プログラムの履修者に対して単位を授与することが"
    "可能となった」 (graduate schools from March 2022)",
    "https://niadqe.jp/glossary/5389", _S.VERIFIED_PRIMARY,
    note="read on NIAD-QE's online glossary page")

# -- European Union -------------------------------------------------------------------------------

EU_OJ = Reference(
    "Council Recommendation of 16 June 2022 on a European approach to micro-credentials for "
    "lifelong learning and employability (2022/C 243/02)", "Council of the European Union",
    "2022-06-16", "OJ C 243, 27.6.2022, p. 10-25",
    "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32022H0627(02)", _S.SECONDARY,
    via="title, date and OJ reference read on EUR-Lex (its stored page stops before the "
        "Annexes); the 11 mandatory Annex I elements as the Cedefop VET glossary lists them "
        "('identification of the learner; title of the microcredential; country/region of the "
        "issuer; awarding body; date of issuing; learning outcomes; notional workload needed to "
        "achieve the learning outcomes; level in the European Qualifications Framework (and "
        "cycle) of the learning experience, if applicable; type of assessment; form of "
        "participation in the learning activity; type of quality assurance used to underpin the "
        "microcredential', https://www.cedefop.europa.eu/et/tools/vet-glossary/glossary/"
        "microcredential); the 5 optional elements as SWD(2021) 367 lists them ('Prerequisites "
        "needed to enrol in the learning activity', 'Supervision and identity verification "
        "during assessment', 'Grade achieved', 'Integration/stackability options', 'Further "
        "information', verbatim copy at https://brejner.online/fa-et-certificeret-certifikat/); "
        "the adopted wording of M3, M4, M7, M8 and O4 from the frameworks research notes §1.2, "
        "not yet read in the OJ")

EU_PROPOSAL = Reference(
    "Proposal for a Council Recommendation on a European approach to micro-credentials for "
    "lifelong learning and employability, COM(2021) 770 final", "European Commission",
    "2021-12-10", "Annex I", "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=COM:2021:770:FIN",
    _S.SECONDARY, via="title and date read on EUR-Lex; element wording as in SWD(2021) 367, "
    "verbatim copy at https://brejner.online/fa-et-certificeret-certifikat/")

# -- Australia ------------------------------------------------------------------------------------

AU_NMF = Reference(
    "National Microcredentials Framework", "Australian Government, Department of Education, "
    "Skills and Employment", "2021-11 (released 2022-03-22)", "",
    "https://www.education.gov.au/national-microcredentials-framework", _S.SECONDARY,
    via="On Target Work Skills, https://ontargetworkskills.com/2022/03/29/"
        "national-microcredentials-framework/ (minimum standards quoted); VOCEDplus "
        "https://www.voced.edu.au/content/ngv:93222 (definition)",
    note="the 'critical information requirements' table (p. ~12) was not retrieved")

ASQA_VOLUME = Reference(
    "Volume of learning (AQF qualification types)", "Australian Skills Quality Authority (ASQA)",
    "2021", "Certificate I/II and Graduate Certificate: 0.5-1 year; 1 year = 1,200 hours",
    "https://asqa.gov.au/node/6287", _S.VERIFIED_PRIMARY,
    note="read on ASQA's page: Certificate I and II 0.5-1 year (600-1200 hours), Graduate "
         "Certificate 0.5-1 year (600-1200 hours); 'The general accepted length of a full-time "
         "year for education is 1200 hours'")

# -- Malaysia -------------------------------------------------------------------------------------

MQA_GGP_MC = Reference(
    "Guidelines to Good Practices: Micro-credentials (GGP:MC)", "Malaysian Qualifications "
    "Agency (MQA)", "2020-08-10", "implemented by MQA Notification Letter No. 8/2020",
    "https://www2.mqa.gov.my/qad/v2/ggpnew.cfm", _S.SECONDARY,
    via="Universiti Malaysia Terengganu's summary of the GGP:MC, "
        "https://umtlife.umt.edu.my/en/?p=7658 (the URL is MQA's list of GGPs)",
    note="the GGP:MC list of certificate contents was not retrieved")

MQA_SAMC = Reference(
    "Guidelines to Good Practices: Quality Verification of Stand-Alone Micro-credentials (SAMC)",
    "Malaysian Qualifications Agency (MQA)", "2023", "",
    "https://www2.mqa.gov.my/qad/v2/ggpnew.cfm", _S.SECONDARY,
    via="FAQ of the UMPSA Quality Verification Centre, https://qvc.umpsa.edu.my/faqs.php, "
        "which quotes GGP sections 1.1, 2.1-2.9 and 5.3.8 (the URL is MQA's list of GGPs)",
    note="the GGP PDF itself was not read")

MQA_SAMC_STAR = Reference(
    "MQA: new micro-credentials policy to launch soon", "The Star (Malaysia)", "2022-12-11",
    "MQA deputy CEO: learners assessed to meet outcomes, credentials credit-bearing",
    "https://thestar.com.my/news/education/2022/12/11/"
    "mqa-new-micro-credentials-policy-to-launch-soon", _S.SECONDARY,
    note="the article quotes MQA's deputy CEO (Quality Assurance): short courses can be "
         "registered as micro-credentials 'as long as they meet two criteria: learners have to "
         "be assessed to meet outcomes, and the credentials have to be credit-bearing'")

# -- New Zealand ----------------------------------------------------------------------------------

NZQA_2018 = Reference(
    "Approval of micro-credentials", "New Zealand Qualifications Authority (NZQA)", "2018-08-22",
    "'be 5-40 credits in size'; applications considered from 22 August 2018",
    "https://www.nzqa.govt.nz/providers-partners/approval-accreditation-and-registration/"
    "micro-credentials/", _S.VERIFIED_PRIMARY)

NZQA_2022 = Reference(
    "Qualification and Micro-credential Listing and Operational Rules 2022, rule 6 "
    "(micro-credential details listed on the NZQCF)", "New Zealand Qualifications Authority "
    "(NZQA)", "2022", "rule 6.1: title; credit value and level; NZSCED code; purpose and outcome "
    "statement; developer; standards; review period",
    "https://www.nzqa.govt.nz/about-us/our-role/legislation/nzqa-rules/nzqf-related-rules/"
    "nzqf-qualification-listing-and-operational-rules/listing-details-for-qualifications/"
    "micro-credential/", _S.VERIFIED_PRIMARY, note="read via a stored mirror of the NZQA site")

NZQA_PAGE_2022 = Reference(
    "Micro-credentials", "New Zealand Qualifications Authority (NZQA)", "2022",
    "'can be up to 40 credits in size and at any level of the framework'; 'have learning "
    "outcomes'", "https://www2.nzqa.govt.nz/tertiary/approval-accreditation-and-registration/"
    "micro-credentials/", _S.VERIFIED_PRIMARY, note="read via a stored mirror of the NZQA site")

# -- United Kingdom -------------------------------------------------------------------------------

QAA_2022 = Reference(
    "Micro-credentials Characteristics Statement", "QAA (Quality Assurance Agency for Higher "
    "Education)", "2022-05-30", "summary: 'short, credit-bearing courses'",
    "https://www.qaa.ac.uk/the-quality-code/characteristics-statements/micro-credentials",
    _S.VERIFIED_PRIMARY, note="QAA's own summary page; the statement PDF was not read")

QAA_WALES = Reference(
    "Micro-credentials (QAA's work in Wales)", "QAA", "2024",
    "'small, credit-bearing qualifications that are outcome-based. To achieve a "
    "micro-credential, learners are assessed to demonstrate they have achieved the learning "
    "outcomes'", "https://www.qaa.ac.uk/about-us/our-main-areas-of-work/our-work-in-wales/"
    "student-experience-in-wales/micro-credentials", _S.VERIFIED_PRIMARY)

# -- Not obtained ---------------------------------------------------------------------------------

# -- Ireland --------------------------------------------------------------------------------------

IUA_MICROCREDS = Reference(
    "MicroCreds", "Irish Universities Association (IUA)", "2020-2025",
    "'A micro-credential is a proof of the learning outcomes that a learner has acquired "
    "following a short learning experience. Learners can undertake a credit-bearing "
    "micro-credential with the ability to stack their learning towards a larger award.'",
    "https://www.iua.ie/ourwork/learning-teaching/microcreds/", _S.VERIFIED_PRIMARY)

IUA_MC2 = Reference(
    "Multi-campus Micro-credentials Project", "Irish Universities Association (IUA)", "2020",
    "'a national framework for ECTS-bearing, quality-assured micro-credentials ... accredited by "
    "a university and included within the National Framework of Qualifications (NFQ)'",
    "https://www.iua.ie/ourwork/learning-teaching/multi-campus-micro-credentials-project/",
    _S.VERIFIED_PRIMARY,
    note="the project's description; the national framework document itself was not read")

# -- Canada ---------------------------------------------------------------------------------------

ECAMPUSONTARIO = Reference(
    "Micro-credential Principles and Framework", "eCampusOntario", "2020",
    "framework elements: issuing body, competency/skills targeted, outcomes, summative "
    "assessment, transcript, partner endorsement",
    "https://micro.ecampusontario.ca/wp-content/uploads/2020/12/Micro-credentials-en_v2.pdf",
    _S.SECONDARY,
    via="eCampusOntario's own summary page https://ipcurriculum.ecampusontario.ca/home-2/ "
        "(element wording read there) and Michener Institute's copy",
    note="the PDF itself was not read")

NOT_OBTAINED: tuple[Reference, ...] = (
    Reference("Ireland: QQI policy on micro-credentials within the NFQ", "Quality and "
              "Qualifications Ireland (QQI)", "", "", "https://www.qqi.ie/", _S.UNVERIFIED,
              note="QQI's own text not obtained here; the IUA MicroCreds profile is encoded "
                   "from the IUA's pages"),
    Reference("Canada: a national micro-credential framework", "", "", "", "", _S.UNVERIFIED,
              note="no national text obtained; only eCampusOntario's (Ontario) framework is "
                   "encoded"),
    Reference("Singapore: SkillsFuture micro-credentials", "SkillsFuture Singapore; Ministry "
              "of Education", "2024-07-09", "", "https://moe.gov.sg/news/speeches/"
              "20240709-address-by-mr-chan-chun-sing-minister-ministry-of-education-at-the-"
              "skillsfuture-festival-opening-forum", _S.UNVERIFIED,
              note="only a minister's speech announcing naming standards was found; no "
                   "published descriptor rules, so no profile is encoded"),
    Reference("Thailand: credit bank (ระบบคลังหน่วยกิต) and Thai MOOC", "Ministry of Higher "
              "Education, Science, Research and Innovation (MHESI)", "2022-11-25", "",
              "https://www.prachachat.net/education/news-1130371", _S.UNVERIFIED,
              note="the announcement's transfer rules were not read; no profile is encoded"),
    Reference("ASEAN Qualifications Reference Framework (AQRF)", "ASEAN", "2014", "",
              "https://asean.org/", _S.UNVERIFIED,
              note="registered as a level framework (8 levels, unverified); no profile"),
)

REFERENCES: dict[str, Reference] = {
    "talk": TALK, "jwg_framework": JWG_FRAMEWORK, "jwg_draft": JWG_DRAFT,
    "jwg_guideline_1_1": JWG_GUIDELINE_1_1, "jwg_guideline_3_0": JWG_GUIDELINE_3_0,
    "seko_kisoku_2008": SEKO_KISOKU_2008,
    "gakko_kyoiku_ho_105": GAKKO_KYOIKU_HO_105, "mext_notice_2008": MEXT_NOTICE_2008,
    "rishu_60h_2019": RISHU_60H_2019, "rishu_contact": RISHU_CONTACT,
    "niad_glossary": NIAD_GLOSSARY, "eu_oj": EU_OJ, "eu_proposal": EU_PROPOSAL,
    "au_nmf": AU_NMF, "asqa_volume": ASQA_VOLUME, "mqa_ggp_mc": MQA_GGP_MC,
    "mqa_samc": MQA_SAMC, "mqa_samc_star": MQA_SAMC_STAR, "nzqa_2018": NZQA_2018,
    "nzqa_2022": NZQA_2022, "nzqa_page_2022": NZQA_PAGE_2022, "qaa_2022": QAA_2022,
    "qaa_wales": QAA_WALES, "iua_microcreds": IUA_MICROCREDS, "iua_mc2": IUA_MC2,
    "ecampusontario": ECAMPUSONTARIO,
}
"""Every document cited by a built-in profile, by short name."""
