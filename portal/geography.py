"""The seven health-board areas of Wales and the 22 local-authority districts within them.

Boards are placed in one area and cover some of its districts (R-BD1 gold standard: a member
from each geographical district).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    key: str
    en: str
    cy: str

    def name(self, lang: str) -> str:
        return self.cy if lang == "cy" else self.en


@dataclass(frozen=True)
class Area(Place):
    districts: tuple[Place, ...] = ()


AREAS: tuple[Area, ...] = (
    Area(
        "betsi-cadwaladr",
        "North Wales (Betsi Cadwaladr)",
        "Gogledd Cymru (Betsi Cadwaladr)",
        (
            Place("anglesey", "Isle of Anglesey", "Ynys Môn"),
            Place("gwynedd", "Gwynedd", "Gwynedd"),
            Place("conwy", "Conwy", "Conwy"),
            Place("denbighshire", "Denbighshire", "Sir Ddinbych"),
            Place("flintshire", "Flintshire", "Sir y Fflint"),
            Place("wrexham", "Wrexham", "Wrecsam"),
        ),
    ),
    Area("powys", "Powys", "Powys", (Place("powys", "Powys", "Powys"),)),
    Area(
        "hywel-dda",
        "West Wales (Hywel Dda)",
        "Gorllewin Cymru (Hywel Dda)",
        (
            Place("carmarthenshire", "Carmarthenshire", "Sir Gaerfyrddin"),
            Place("ceredigion", "Ceredigion", "Ceredigion"),
            Place("pembrokeshire", "Pembrokeshire", "Sir Benfro"),
        ),
    ),
    Area(
        "swansea-bay",
        "Swansea Bay",
        "Bae Abertawe",
        (
            Place("swansea", "Swansea", "Abertawe"),
            Place("neath-port-talbot", "Neath Port Talbot", "Castell-nedd Port Talbot"),
        ),
    ),
    Area(
        "cwm-taf-morgannwg",
        "Cwm Taf Morgannwg",
        "Cwm Taf Morgannwg",
        (
            Place("rhondda-cynon-taf", "Rhondda Cynon Taf", "Rhondda Cynon Taf"),
            Place("merthyr-tydfil", "Merthyr Tydfil", "Merthyr Tudful"),
            Place("bridgend", "Bridgend", "Pen-y-bont ar Ogwr"),
        ),
    ),
    Area(
        "cardiff-and-vale",
        "Cardiff and Vale",
        "Caerdydd a'r Fro",
        (
            Place("cardiff", "Cardiff", "Caerdydd"),
            Place("vale-of-glamorgan", "Vale of Glamorgan", "Bro Morgannwg"),
        ),
    ),
    Area(
        "aneurin-bevan",
        "Gwent (Aneurin Bevan)",
        "Gwent (Aneurin Bevan)",
        (
            Place("blaenau-gwent", "Blaenau Gwent", "Blaenau Gwent"),
            Place("caerphilly", "Caerphilly", "Caerffili"),
            Place("monmouthshire", "Monmouthshire", "Sir Fynwy"),
            Place("newport", "Newport", "Casnewydd"),
            Place("torfaen", "Torfaen", "Tor-faen"),
        ),
    ),
)

AREAS_BY_KEY = {area.key: area for area in AREAS}
DISTRICTS_BY_KEY = {d.key: d for area in AREAS for d in area.districts}
DISTRICT_AREA = {d.key: area.key for area in AREAS for d in area.districts}
