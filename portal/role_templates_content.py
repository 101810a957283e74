"""Built-in role-profile templates (R-RD1), written in our own words from the structure of the
board-member role profile in seed 002, Appendix 1. Welsh and English are equal (R-AC2)."""

SECTION_KEYS = (
    "title", "accountable_to", "support_available", "working_with", "payment", "expenses",
    "term", "time_commitment", "introduction", "board_role", "accountability_support",
    "confidentiality", "responsibilities", "essential_criteria", "desirable_criteria",
    "protection",
)

# Placeholders a recruitment fills in: {board}, {organisation}, {hourly_rate}, {term_years},
# {meetings_per_year}. In the Welsh text they are kept out of places that would need a mutation.


def _s(en: str, cy: str) -> dict[str, str]:
    return {"en": en, "cy": cy}


def _lines(en: tuple[str, ...], cy: tuple[str, ...]) -> dict[str, str]:
    assert len(en) == len(cy)
    return {"en": "\n".join(en), "cy": "\n".join(cy)}


# R-RD2: the same protection statement goes into every template, including the blank one.
_PROTECTION = (
    (
        "Taking part will never affect the care, treatment or support that you, or the person you "
        "care for, receive. If something worries you, you can raise it at any time with your support "
        "worker, the chair or the recruitment lead, in any way that suits you. Nobody may treat you "
        "worse because you took part or spoke up. If you think this has happened, tell us. We will "
        "look into it quickly and put things right."
    ),
    (
        "Ni fydd cymryd rhan byth yn effeithio ar y gofal, y driniaeth na'r cymorth rydych chi, neu'r "
        "person rydych chi'n gofalu amdano, yn eu cael. Os oes rhywbeth yn eich poeni, gallwch ei godi "
        "unrhyw bryd gyda'ch gweithiwr cymorth, y cadeirydd neu arweinydd y recriwtio, mewn unrhyw "
        "ffordd sy'n gyfleus i chi. Ni chaiff neb eich trin yn waeth am eich bod wedi cymryd rhan neu "
        "wedi codi llais. Os ydych chi'n meddwl bod hyn wedi digwydd, dywedwch wrthym. Byddwn yn "
        "ymchwilio'n gyflym ac yn unioni pethau."
    ),
)

_BENEFITS_ADVICE = (
    (
        "You can choose to be paid or to volunteer. If you get benefits, being paid could affect "
        "them. Before you accept payment, get free, independent advice on welfare benefits. We can "
        "help you find it."
    ),
    (
        "Gallwch ddewis cael eich talu neu wirfoddoli. Os ydych chi'n cael budd-daliadau, gallai cael "
        "eich talu effeithio arnyn nhw. Cyn i chi dderbyn tâl, gofynnwch am gyngor annibynnol am ddim "
        "ar fudd-daliadau lles. Gallwn eich helpu i ddod o hyd iddo."
    ),
)

_PAYMENT = (
    (
        "You can be paid £{hourly_rate} an hour for meetings and for the time you spend getting "
        "ready for them. This rate is never below the Living Wage. " + _BENEFITS_ADVICE[0]
    ),
    (
        "Gallwch gael eich talu £{hourly_rate} yr awr am gyfarfodydd ac am yr amser rydych chi'n ei "
        "dreulio yn paratoi ar eu cyfer. Nid yw'r gyfradd hon byth yn is na'r Cyflog Byw. "
        + _BENEFITS_ADVICE[1]
    ),
)

_PANEL_PAYMENT = (
    (
        "You can be paid a fee of £{hourly_rate} an hour for your panel work, including training, "
        "reading applications and interview days. This rate is never below the Living Wage. "
        + _BENEFITS_ADVICE[0]
    ),
    (
        "Gallwch gael ffi o £{hourly_rate} yr awr am eich gwaith ar y panel, gan gynnwys hyfforddiant, "
        "darllen ceisiadau a diwrnodau cyfweld. Nid yw'r gyfradd hon byth yn is na'r Cyflog Byw. "
        + _BENEFITS_ADVICE[1]
    ),
)

_EXPENSES = (
    (
        "You will not be out of pocket. We pay back the cost of travel, food and drink while you are "
        "away from home, childcare, care for the person you care for, parking, phone and internet, "
        "postage and printing. Please agree costs with us before you spend the money. Where we can, "
        "we pay you back on the day. The claim form is short and simple, and we can help you fill it in."
    ),
    (
        "Ni fyddwch chi ar eich colled. Rydyn ni'n ad-dalu costau teithio, bwyd a diod pan fyddwch chi "
        "oddi cartref, gofal plant, gofal i'r person rydych chi'n gofalu amdano, parcio, ffôn a'r "
        "rhyngrwyd, postio ac argraffu. Cytunwch ar y costau gyda ni cyn i chi wario'r arian. Pan fo "
        "modd, byddwn yn eich ad-dalu ar y diwrnod. Mae'r ffurflen hawlio yn fyr ac yn syml, a gallwn "
        "eich helpu i'w llenwi."
    ),
)

_TERM = (
    (
        "Your first term is {term_years} years. At the end of it, we will meet you to review how it "
        "has gone. After a good review, you can stay for at least one more term. If your term is going "
        "to end, we will tell you at least 6 months or 2 board meetings before, whichever is longer. "
        "You can step down at any time."
    ),
    (
        "Mae eich tymor cyntaf yn para {term_years} o flynyddoedd. Ar ei ddiwedd, byddwn yn cwrdd â "
        "chi i adolygu sut mae pethau wedi mynd. Ar ôl adolygiad da, gallwch aros am o leiaf un tymor "
        "arall. Os yw eich tymor yn mynd i ddod i ben, byddwn yn dweud wrthych o leiaf 6 mis neu 2 "
        "gyfarfod bwrdd ymlaen llaw, pa un bynnag sydd hiraf. Gallwch roi'r gorau i'r rôl unrhyw bryd."
    ),
)

_ACCOUNTABLE_TO = (
    (
        "Service users and carers in the area that {board} covers. You speak for them, not for an "
        "organisation."
    ),
    (
        "Defnyddwyr gwasanaethau a gofalwyr yn yr ardal y mae {board} yn gweithio ynddi. Rydych chi'n "
        "siarad ar eu rhan nhw, nid ar ran sefydliad."
    ),
)

_SUPPORT = (
    (
        "A named support worker will help you prepare for meetings, answer your questions and make "
        "sure you have what you need. You can have training, a mentor who has done the role, and "
        "changes that suit your needs, such as papers in a different format. Support is there to help "
        "you, not to speak for you."
    ),
    (
        "Bydd gweithiwr cymorth penodol yn eich helpu i baratoi ar gyfer cyfarfodydd, yn ateb eich "
        "cwestiynau ac yn gwneud yn siŵr bod gennych chi bopeth sydd ei angen arnoch. Gallwch gael "
        "hyfforddiant, mentor sydd wedi gwneud y rôl, a newidiadau sy'n addas i'ch anghenion, fel "
        "papurau mewn fformat gwahanol. Mae'r cymorth yno i'ch helpu chi, nid i siarad ar eich rhan."
    ),
)

_WORKING_WITH = (
    (
        "Other members of {board}, the other service user and carer representatives, local service "
        "user and carer groups and networks, staff at {organisation}, and the Wales Mental Health and "
        "Wellbeing Forum."
    ),
    (
        "Aelodau eraill {board}, y cynrychiolwyr eraill sy'n ddefnyddwyr gwasanaethau neu'n ofalwyr, "
        "grwpiau a rhwydweithiau lleol defnyddwyr gwasanaethau a gofalwyr, staff {organisation}, a "
        "Fforwm Iechyd Meddwl a Llesiant Cymru."
    ),
)

_TIME = (
    (
        "There are {meetings_per_year} board meetings a year. We send the papers at least a week "
        "before each meeting, so you have time to read them. You will also need some time to prepare, "
        "and to go to reps' meetings, sub-groups and local service user and carer groups. Your support "
        "worker can help you plan your time."
    ),
    (
        "Mae {meetings_per_year} o gyfarfodydd bwrdd bob blwyddyn. Byddwn yn anfon y papurau o leiaf "
        "wythnos cyn pob cyfarfod, er mwyn i chi gael amser i'w darllen. Bydd angen rhywfaint o amser "
        "arnoch hefyd i baratoi, ac i fynd i gyfarfodydd cynrychiolwyr, is-grwpiau a grwpiau lleol "
        "defnyddwyr gwasanaethau a gofalwyr. Gall eich gweithiwr cymorth eich helpu i gynllunio eich "
        "amser."
    ),
)

_INTRO_START = (
    (
        "{board} oversees how the Welsh Government's mental health and wellbeing strategy, and its "
        "delivery plan, are put into practice in this area. It reports local progress to the "
        "National Mental Health Partnership Board. "
    ),
    (
        "Mae {board} yn goruchwylio sut mae strategaeth iechyd meddwl a llesiant Llywodraeth Cymru, a'i "
        "chynllun cyflawni, yn cael eu rhoi ar waith yn yr ardal hon. Mae'n adrodd ar y cynnydd lleol "
        "i'r Bwrdd Partneriaeth Iechyd Meddwl Cenedlaethol. "
    ),
)

_BOARD_ROLE = (
    (
        "The board leads, influences and supports the work to deliver the strategy locally. It answers "
        "to the National Mental Health Partnership Board and to the Welsh Government minister for "
        "health. The board has no legal powers. Its influence comes from its members and the "
        "organisations they belong to. Those organisations stay responsible for their own services, "
        "and their performance is checked in the usual ways, not by the board."
    ),
    (
        "Mae'r bwrdd yn arwain, yn dylanwadu ac yn cefnogi'r gwaith o gyflawni'r strategaeth yn lleol. "
        "Mae'n atebol i'r Bwrdd Partneriaeth Iechyd Meddwl Cenedlaethol ac i Weinidog Llywodraeth "
        "Cymru sy'n gyfrifol am iechyd. Nid oes gan y bwrdd bwerau cyfreithiol. Daw ei ddylanwad o'i "
        "aelodau a'r sefydliadau y maen nhw'n perthyn iddynt. Mae'r sefydliadau hynny'n dal yn "
        "gyfrifol am eu gwasanaethau eu hunain, ac mae eu perfformiad yn cael ei wirio yn y ffyrdd "
        "arferol, nid gan y bwrdd."
    ),
)

_ACCOUNTABILITY = (
    (
        "You answer to service users and carers in your area. You will meet them often, at local "
        "groups and events, to hear their views and tell them what the board is doing. Your support "
        "worker will meet you regularly and make sure you get the support you need to do the role "
        "well. You agree to follow local and national policies. We will explain them to you."
    ),
    (
        "Rydych chi'n atebol i ddefnyddwyr gwasanaethau a gofalwyr yn eich ardal. Byddwch yn cwrdd â "
        "nhw'n aml, mewn grwpiau a digwyddiadau lleol, i glywed eu barn a dweud wrthyn nhw beth mae'r "
        "bwrdd yn ei wneud. Bydd eich gweithiwr cymorth yn cwrdd â chi'n rheolaidd ac yn gwneud yn siŵr "
        "eich bod yn cael y cymorth sydd ei angen arnoch i wneud y rôl yn dda. Rydych chi'n cytuno i "
        "ddilyn polisïau lleol a chenedlaethol. Byddwn yn eu hesbonio i chi."
    ),
)

_CONFIDENTIALITY = (
    (
        "Some board papers are confidential. Keep them private and do not share them or talk about "
        "them outside the board. If you have a personal or money interest in an item on the agenda, "
        "tell the chair before the meeting. This is called a conflict of interest. Saying so openly "
        "protects you and the board. Ask your support worker if you are not sure."
    ),
    (
        "Mae rhai o bapurau'r bwrdd yn gyfrinachol. Cadwch nhw'n breifat a pheidiwch â'u rhannu na "
        "siarad amdanyn nhw y tu allan i'r bwrdd. Os oes gennych chi fuddiant personol neu ariannol "
        "mewn eitem ar yr agenda, dywedwch wrth y cadeirydd cyn y cyfarfod. Gwrthdaro buddiannau yw'r "
        "enw ar hyn. Mae dweud hynny'n agored yn eich diogelu chi a'r bwrdd. Gofynnwch i'ch gweithiwr "
        "cymorth os nad ydych chi'n siŵr."
    ),
)


def _member_responsibilities(en_voice: str, cy_voice: str) -> dict[str, str]:
    return _lines(
        (
            "Go to {board} meetings, and to sub-groups when needed",
            "Read the papers before each meeting",
            f"Share the views of {en_voice}, and say when you are giving your own view",
            "Go to agreed local meetings and events to gather views and report back",
            "Go to the national service user and carer forum to give a local view",
            "Meet your support worker regularly",
            "Take part in training for the role",
        ),
        (
            "Mynd i gyfarfodydd {board}, ac i is-grwpiau pan fydd angen",
            "Darllen y papurau cyn pob cyfarfod",
            f"Rhannu barn {cy_voice}, a dweud pryd rydych chi'n rhoi eich barn eich hun",
            "Mynd i gyfarfodydd a digwyddiadau lleol y cytunwyd arnynt i gasglu barn ac adrodd yn ôl",
            "Mynd i'r fforwm cenedlaethol i ddefnyddwyr gwasanaethau a gofalwyr i roi safbwynt lleol",
            "Cwrdd â'ch gweithiwr cymorth yn rheolaidd",
            "Cymryd rhan mewn hyfforddiant ar gyfer y rôl",
        ),
    )


def _member_essential(en_first: str, cy_first: str, en_others: str, cy_others: str) -> dict[str, str]:
    return _lines(
        (
            en_first,
            f"You can share the views of other {en_others}, not just your own",
            "You listen to others and treat everyone with dignity and respect",
            "You can keep confidential information private",
            "You can give time to go to board meetings and forum meetings",
            "You can work on your own and as part of a team",
        ),
        (
            cy_first,
            f"Gallwch rannu barn {cy_others} eraill, nid eich barn chi yn unig",
            "Rydych chi'n gwrando ar eraill ac yn trin pawb ag urddas a pharch",
            "Gallwch gadw gwybodaeth gyfrinachol yn breifat",
            "Gallwch roi amser i fynd i gyfarfodydd y bwrdd a chyfarfodydd y fforwm",
            "Gallwch weithio ar eich pen eich hun ac fel rhan o dîm",
        ),
    )


_DESIRABLE_EN = (
    "You have links with local service user and carer groups, or can build them",
    "You speak Welsh",
    "You have been on a committee or done similar work",
    "You can talk with many kinds of people, from service users to senior managers",
    "You can challenge in a calm and helpful way",
    "You have computer skills, or are willing to learn",
    "You can go to up to 3 national meetings a year in different parts of Wales",
)
_DESIRABLE_CY = (
    "Mae gennych chi gysylltiadau â grwpiau lleol defnyddwyr gwasanaethau a gofalwyr, neu gallwch "
    "eu meithrin",
    "Rydych chi'n siarad Cymraeg",
    "Rydych chi wedi bod ar bwyllgor neu wedi gwneud gwaith tebyg",
    "Gallwch siarad â phob math o bobl, o ddefnyddwyr gwasanaethau i uwch-reolwyr",
    "Gallwch herio mewn ffordd dawel a defnyddiol",
    "Mae gennych chi sgiliau cyfrifiadurol, neu rydych chi'n fodlon dysgu",
    "Gallwch fynd i hyd at 3 cyfarfod cenedlaethol y flwyddyn mewn gwahanol rannau o Gymru",
)

_EITHER_ELIGIBILITY = (
    "In the last 5 years, you have used mental health services, or cared for someone who used them",
    "Yn ystod y 5 mlynedd diwethaf, rydych chi wedi defnyddio gwasanaethau iechyd meddwl, neu wedi "
    "gofalu am rywun a oedd yn eu defnyddio",
)


TEMPLATES = {
    "board_member_service_user": {
        "name": _s("Board member (service user)", "Aelod bwrdd (defnyddiwr gwasanaeth)"),
        "sections": {
            "title": _s(
                "Board member (service user), {board}", "Aelod bwrdd (defnyddiwr gwasanaeth), {board}"
            ),
            "accountable_to": _s(*_ACCOUNTABLE_TO),
            "support_available": _s(*_SUPPORT),
            "working_with": _s(*_WORKING_WITH),
            "payment": _s(*_PAYMENT),
            "expenses": _s(*_EXPENSES),
            "term": _s(*_TERM),
            "time_commitment": _s(*_TIME),
            "introduction": _s(
                _INTRO_START[0] + "As a service user member, you make sure the board hears from people "
                "who use mental health services, and that their views shape its decisions.",
                _INTRO_START[1] + "Fel aelod sy'n ddefnyddiwr gwasanaeth, byddwch yn gwneud yn siŵr bod "
                "y bwrdd yn clywed gan bobl sy'n defnyddio gwasanaethau iechyd meddwl, a bod eu barn yn "
                "llywio ei benderfyniadau.",
            ),
            "board_role": _s(*_BOARD_ROLE),
            "accountability_support": _s(*_ACCOUNTABILITY),
            "confidentiality": _s(*_CONFIDENTIALITY),
            "responsibilities": _member_responsibilities("service users", "defnyddwyr gwasanaethau"),
            "essential_criteria": _member_essential(
                "You have used mental health services in the last 5 years",
                "Rydych chi wedi defnyddio gwasanaethau iechyd meddwl yn ystod y 5 mlynedd diwethaf",
                "service users", "defnyddwyr gwasanaethau",
            ),
            "desirable_criteria": _lines(_DESIRABLE_EN, _DESIRABLE_CY),
            "protection": _s(*_PROTECTION),
        },
    },
    "board_member_carer": {
        "name": _s("Board member (carer)", "Aelod bwrdd (gofalwr)"),
        "sections": {
            "title": _s("Board member (carer), {board}", "Aelod bwrdd (gofalwr), {board}"),
            "accountable_to": _s(*_ACCOUNTABLE_TO),
            "support_available": _s(*_SUPPORT),
            "working_with": _s(*_WORKING_WITH),
            "payment": _s(*_PAYMENT),
            "expenses": _s(*_EXPENSES),
            "term": _s(*_TERM),
            "time_commitment": _s(*_TIME),
            "introduction": _s(
                _INTRO_START[0] + "As a carer member, you make sure the board hears from carers of "
                "people who use mental health services, and that their views shape its decisions.",
                _INTRO_START[1] + "Fel aelod sy'n ofalwr, byddwch yn gwneud yn siŵr bod y bwrdd yn "
                "clywed gan ofalwyr pobl sy'n defnyddio gwasanaethau iechyd meddwl, a bod eu barn yn "
                "llywio ei benderfyniadau.",
            ),
            "board_role": _s(*_BOARD_ROLE),
            "accountability_support": _s(*_ACCOUNTABILITY),
            "confidentiality": _s(*_CONFIDENTIALITY),
            "responsibilities": _member_responsibilities("carers", "gofalwyr"),
            "essential_criteria": _member_essential(
                "In the last 5 years, you have cared for someone who used mental health services",
                "Yn ystod y 5 mlynedd diwethaf, rydych chi wedi gofalu am rywun a oedd yn defnyddio "
                "gwasanaethau iechyd meddwl",
                "carers", "gofalwyr",
            ),
            "desirable_criteria": _lines(_DESIRABLE_EN, _DESIRABLE_CY),
            "protection": _s(*_PROTECTION),
        },
    },
    "deputy": {
        "name": _s("Deputy board member", "Dirprwy aelod bwrdd"),
        "sections": {
            "title": _s("Deputy board member, {board}", "Dirprwy aelod bwrdd, {board}"),
            "accountable_to": _s(*_ACCOUNTABLE_TO),
            "support_available": _s(*_SUPPORT),
            "working_with": _s(
                "The service user and carer members of {board}, whom you shadow, the board's other "
                "members, local service user and carer groups, staff at {organisation}, and the Wales "
                "Mental Health and Wellbeing Forum.",
                "Aelodau {board} sy'n ddefnyddwyr gwasanaethau neu'n ofalwyr, y byddwch chi'n eu "
                "cysgodi, aelodau eraill y bwrdd, grwpiau lleol defnyddwyr gwasanaethau a gofalwyr, "
                "staff {organisation}, a Fforwm Iechyd Meddwl a Llesiant Cymru.",
            ),
            "payment": _s(*_PAYMENT),
            "expenses": _s(*_EXPENSES),
            "term": _s(*_TERM),
            "time_commitment": _s(
                "There are {meetings_per_year} board meetings a year. You go to them to shadow "
                "members, and you take a member's place when they cannot attend. We send the papers at "
                "least a week before each meeting. You will need some time to read them and prepare, "
                "so you are ready to step in.",
                "Mae {meetings_per_year} o gyfarfodydd bwrdd bob blwyddyn. Byddwch yn mynd iddyn nhw i "
                "gysgodi aelodau, ac yn cymryd lle aelod pan na all ddod. Byddwn yn anfon y papurau o "
                "leiaf wythnos cyn pob cyfarfod. Bydd angen rhywfaint o amser arnoch i'w darllen a "
                "pharatoi, er mwyn i chi fod yn barod i gymryd lle aelod.",
            ),
            "introduction": _s(
                "{board} oversees how the Welsh Government's mental health and wellbeing strategy is "
                "put into practice in this area. As a deputy, you shadow the service user and carer "
                "members to learn how the board works. When a member cannot attend, you step in, so "
                "the voices of service users and carers are always heard.",
                "Mae {board} yn goruchwylio sut mae strategaeth iechyd meddwl a llesiant Llywodraeth "
                "Cymru yn cael ei rhoi ar waith yn yr ardal hon. Fel dirprwy, byddwch yn cysgodi'r "
                "aelodau sy'n ddefnyddwyr gwasanaethau neu'n ofalwyr er mwyn dysgu sut mae'r bwrdd yn "
                "gweithio. Pan na all aelod ddod, byddwch chi'n cymryd ei le, fel bod lleisiau "
                "defnyddwyr gwasanaethau a gofalwyr yn cael eu clywed bob amser.",
            ),
            "board_role": _s(*_BOARD_ROLE),
            "accountability_support": _s(
                "Like board members, you answer to service users and carers in your area. You will be "
                "paired with a board member who can show you how things work. Your support worker will "
                "meet you regularly and help you get ready for meetings. You agree to follow local and "
                "national policies. We will explain them to you.",
                "Fel aelodau'r bwrdd, rydych chi'n atebol i ddefnyddwyr gwasanaethau a gofalwyr yn eich "
                "ardal. Byddwch yn cael eich paru ag aelod o'r bwrdd a all ddangos i chi sut mae "
                "pethau'n gweithio. Bydd eich gweithiwr cymorth yn cwrdd â chi'n rheolaidd ac yn eich "
                "helpu i baratoi ar gyfer cyfarfodydd. Rydych chi'n cytuno i ddilyn polisïau lleol a "
                "chenedlaethol. Byddwn yn eu hesbonio i chi.",
            ),
            "confidentiality": _s(*_CONFIDENTIALITY),
            "responsibilities": _lines(
                (
                    "Go to {board} meetings to shadow the service user and carer members",
                    "Step in and take a member's place when they cannot attend",
                    "Read the papers before each meeting",
                    "Share the views of service users and carers, and say when you are giving your "
                    "own view",
                    "Go to agreed local meetings and events to hear views and report back",
                    "Meet your support worker and the member you shadow regularly",
                    "Take part in training for the role",
                ),
                (
                    "Mynd i gyfarfodydd {board} i gysgodi'r aelodau sy'n ddefnyddwyr gwasanaethau neu'n "
                    "ofalwyr",
                    "Cymryd lle aelod pan na all ddod i gyfarfod",
                    "Darllen y papurau cyn pob cyfarfod",
                    "Rhannu barn defnyddwyr gwasanaethau a gofalwyr, a dweud pryd rydych chi'n rhoi "
                    "eich barn eich hun",
                    "Mynd i gyfarfodydd a digwyddiadau lleol y cytunwyd arnynt i glywed barn pobl ac "
                    "adrodd yn ôl",
                    "Cwrdd yn rheolaidd â'ch gweithiwr cymorth a'r aelod rydych chi'n ei gysgodi",
                    "Cymryd rhan mewn hyfforddiant ar gyfer y rôl",
                ),
            ),
            "essential_criteria": _lines(
                (
                    _EITHER_ELIGIBILITY[0],
                    "You can share the views of other service users or carers, not just your own",
                    "You listen to others and treat everyone with dignity and respect",
                    "You can keep confidential information private",
                    "You can keep board meeting dates free so you can step in when needed",
                    "You are willing to learn from the members you shadow",
                ),
                (
                    _EITHER_ELIGIBILITY[1],
                    "Gallwch rannu barn defnyddwyr gwasanaethau neu ofalwyr eraill, nid eich barn chi "
                    "yn unig",
                    "Rydych chi'n gwrando ar eraill ac yn trin pawb ag urddas a pharch",
                    "Gallwch gadw gwybodaeth gyfrinachol yn breifat",
                    "Gallwch gadw dyddiadau cyfarfodydd y bwrdd yn rhydd er mwyn cymryd lle aelod pan "
                    "fydd angen",
                    "Rydych chi'n fodlon dysgu gan yr aelodau rydych chi'n eu cysgodi",
                ),
            ),
            "desirable_criteria": _lines(
                (
                    _DESIRABLE_EN[0],
                    "You speak Welsh",
                    "You have been on a committee or done similar work",
                    _DESIRABLE_EN[3],
                    "You have computer skills, or are willing to learn",
                    "You would like to become a full board member in future",
                ),
                (
                    _DESIRABLE_CY[0],
                    "Rydych chi'n siarad Cymraeg",
                    "Rydych chi wedi bod ar bwyllgor neu wedi gwneud gwaith tebyg",
                    _DESIRABLE_CY[3],
                    "Mae gennych chi sgiliau cyfrifiadurol, neu rydych chi'n fodlon dysgu",
                    "Hoffech chi ddod yn aelod llawn o'r bwrdd yn y dyfodol",
                ),
            ),
            "protection": _s(*_PROTECTION),
        },
    },
    "panel_member": {
        "name": _s("Recruitment panel member", "Aelod panel recriwtio"),
        "sections": {
            "title": _s("Recruitment panel member, {board}", "Aelod panel recriwtio, {board}"),
            "accountable_to": _s(
                "The leadership group of service user and carer representatives that runs this "
                "recruitment.",
                "Y grŵp arwain o gynrychiolwyr defnyddwyr gwasanaethau a gofalwyr sy'n gyfrifol am y "
                "recriwtio hwn.",
            ),
            "support_available": _s(
                "If you have not sat on a recruitment panel before, we offer you training first. Before "
                "each interview day, we go through the plan with you. A named member of staff at "
                "{organisation} can answer your questions, and we will make changes that suit your "
                "needs.",
                "Os nad ydych chi wedi bod ar banel recriwtio o'r blaen, byddwn yn cynnig hyfforddiant "
                "i chi yn gyntaf. Cyn pob diwrnod cyfweld, byddwn yn mynd drwy'r cynllun gyda chi. Gall "
                "aelod penodol o staff {organisation} ateb eich cwestiynau, a byddwn yn gwneud "
                "newidiadau sy'n addas i'ch anghenion.",
            ),
            "working_with": _s(
                "Other panel members, the leadership group that runs this recruitment, and staff at "
                "{organisation}.",
                "Aelodau eraill y panel, y grŵp arwain sy'n gyfrifol am y recriwtio hwn, a staff "
                "{organisation}.",
            ),
            "payment": _s(*_PANEL_PAYMENT),
            "expenses": _s(*_EXPENSES),
            "term": _s(
                "You sit on the panel for this recruitment, from shortlisting to the final decision. The "
                "people you help choose will serve a first term of {term_years} years. If you would "
                "like to, we may ask you to sit on future panels. You can step down at any time; please "
                "tell us as early as you can.",
                "Byddwch ar y panel ar gyfer y recriwtio hwn, o'r rhestr fer hyd at y penderfyniad "
                "terfynol. Bydd tymor cyntaf y bobl y byddwch chi'n helpu i'w dewis yn para "
                "{term_years} o flynyddoedd. Os hoffech chi, efallai y byddwn yn gofyn i chi fod ar "
                "baneli eraill yn y dyfodol. Gallwch roi'r gorau iddi unrhyw bryd; rhowch wybod i ni "
                "cyn gynted ag y gallwch.",
            ),
            "time_commitment": _s(
                "If you are new to panels, there is a training session first. You will then read and "
                "score applications, and take part in one or more interview days. We send applications "
                "and papers at least a week before, so you have time to read them. We will agree dates "
                "with you well in advance.",
                "Os ydych chi'n newydd i baneli, bydd sesiwn hyfforddi yn gyntaf. Yna byddwch yn "
                "darllen ac yn sgorio ceisiadau, ac yn cymryd rhan mewn un diwrnod cyfweld neu fwy. "
                "Byddwn yn anfon y ceisiadau a'r papurau o leiaf wythnos ymlaen llaw, er mwyn i chi "
                "gael amser i'w darllen. Byddwn yn cytuno ar ddyddiadau gyda chi ymhell ymlaen llaw.",
            ),
            "introduction": _s(
                "{board} is looking for new service user and carer representatives, and service users "
                "and carers help choose them. As a panel member, you bring your own experience to make "
                "sure the people chosen can speak well for others.",
                "Mae {board} yn chwilio am gynrychiolwyr newydd o blith defnyddwyr gwasanaethau a "
                "gofalwyr, ac mae defnyddwyr gwasanaethau a gofalwyr yn helpu i'w dewis. Fel aelod o'r "
                "panel, byddwch yn defnyddio eich profiad eich hun i wneud yn siŵr bod y bobl a ddewisir "
                "yn gallu siarad yn dda ar ran eraill.",
            ),
            "board_role": _s(
                "Service users and carers agree the shortlisting criteria, the interview questions, who "
                "sits on the panel and how answers are scored. The panel then draws up the shortlist, "
                "holds interviews and decides who is offered the role. Every decision is recorded with "
                "the reason for it, and every applicant is told the outcome and why.",
                "Mae defnyddwyr gwasanaethau a gofalwyr yn cytuno ar y meini prawf ar gyfer y rhestr "
                "fer, y cwestiynau cyfweld, pwy sydd ar y panel a sut mae atebion yn cael eu sgorio. Yna "
                "mae'r panel yn llunio'r rhestr fer, yn cynnal cyfweliadau ac yn penderfynu pwy fydd yn "
                "cael cynnig y rôl. Mae pob penderfyniad yn cael ei gofnodi gyda'r rheswm drosto, ac "
                "mae pob ymgeisydd yn cael gwybod beth yw'r canlyniad a pham.",
            ),
            "accountability_support": _s(
                "You answer to the leadership group that runs this recruitment. A named member of staff "
                "will support you before, during and after each interview day. If anything about the "
                "process worries you, you can talk to them or to the group. You agree to follow the "
                "recruitment policy, which we will explain to you.",
                "Rydych chi'n atebol i'r grŵp arwain sy'n gyfrifol am y recriwtio hwn. Bydd aelod "
                "penodol o staff yn eich cefnogi cyn pob diwrnod cyfweld, yn ystod y diwrnod ac ar ei "
                "ôl. Os oes unrhyw beth am y broses yn eich poeni, gallwch siarad â nhw neu â'r grŵp. "
                "Rydych chi'n cytuno i ddilyn y polisi recriwtio, a byddwn yn ei esbonio i chi.",
            ),
            "confidentiality": _s(
                "Applications and panel discussions are confidential. Keep them private, during the "
                "recruitment and afterwards. If you know an applicant, for example as a friend, "
                "relative or colleague, tell us before you read their application. This is called a "
                "conflict of interest. You will not score that applicant, which keeps the process fair. "
                "Ask us if you are not sure.",
                "Mae ceisiadau a thrafodaethau'r panel yn gyfrinachol. Cadwch nhw'n breifat, yn ystod y "
                "recriwtio ac wedyn. Os ydych chi'n adnabod ymgeisydd, er enghraifft fel ffrind, "
                "perthynas neu gydweithiwr, rhowch wybod i ni cyn i chi ddarllen ei gais. Gwrthdaro "
                "buddiannau yw'r enw ar hyn. Ni fyddwch chi'n sgorio'r ymgeisydd hwnnw, ac mae hynny'n "
                "cadw'r broses yn deg. Gofynnwch i ni os nad ydych chi'n siŵr.",
            ),
            "responsibilities": _lines(
                (
                    "Take part in training before your first panel, if you are new to panels",
                    "Help agree the shortlisting criteria and the interview questions",
                    "Read and score applications fairly, using the agreed criteria",
                    "Take part in interviews and help applicants feel at ease",
                    "Tell us about any conflict of interest with an applicant",
                    "Help make the panel's decision and explain it",
                ),
                (
                    "Cymryd rhan mewn hyfforddiant cyn eich panel cyntaf, os ydych chi'n newydd i baneli",
                    "Helpu i gytuno ar y meini prawf ar gyfer y rhestr fer a'r cwestiynau cyfweld",
                    "Darllen a sgorio ceisiadau yn deg, gan ddefnyddio'r meini prawf y cytunwyd arnynt",
                    "Cymryd rhan mewn cyfweliadau a helpu ymgeiswyr i deimlo'n gartrefol",
                    "Dweud wrthym am unrhyw wrthdaro buddiannau ag ymgeisydd",
                    "Helpu i wneud penderfyniad y panel a'i esbonio",
                ),
            ),
            "essential_criteria": _lines(
                (
                    _EITHER_ELIGIBILITY[0],
                    "You treat every applicant fairly and with respect",
                    "You are willing to take part in training before you sit on a panel",
                    "You can keep information about applicants private",
                    "You can give time to read applications and go to interview days",
                ),
                (
                    _EITHER_ELIGIBILITY[1],
                    "Rydych chi'n trin pob ymgeisydd yn deg a gyda pharch",
                    "Rydych chi'n fodlon cael hyfforddiant cyn bod ar banel",
                    "Gallwch gadw gwybodaeth am ymgeiswyr yn breifat",
                    "Gallwch roi amser i ddarllen ceisiadau a mynd i ddiwrnodau cyfweld",
                ),
            ),
            "desirable_criteria": _lines(
                (
                    "You have sat on an interview or recruitment panel before",
                    "You have been a service user or carer representative",
                    "You speak Welsh",
                    "You can listen carefully and ask questions in a clear, kind way",
                    "You understand why applying is hard for some people, and how to help",
                ),
                (
                    "Rydych chi wedi bod ar banel cyfweld neu recriwtio o'r blaen",
                    "Rydych chi wedi bod yn gynrychiolydd defnyddwyr gwasanaethau neu ofalwyr",
                    "Rydych chi'n siarad Cymraeg",
                    "Gallwch wrando'n ofalus a gofyn cwestiynau mewn ffordd glir a charedig",
                    "Rydych chi'n deall pam mae gwneud cais yn anodd i rai pobl, a sut i helpu",
                ),
            ),
            "protection": _s(*_PROTECTION),
        },
    },
    "blank": {
        "name": _s("Blank template", "Templed gwag"),
        "sections": {
            **{key: _s("", "") for key in SECTION_KEYS if key != "protection"},
            "protection": _s(*_PROTECTION),
        },
    },
}
