#!/usr/bin/env python3
# ruff: noqa: RUF001  (the texts use typographic en dashes on purpose)
"""Render the clusnet demo documents into ``demo/documents/``.

The texts in this file were written for clusnet as demo material: short, generic
seminar-style documents in Hungarian and English that give a fresh installation
something to search. They are not original CLUSNET project documents and contain
no official figures.

Run from the repository root::

    python tools/make_demo.py            # (re)write the files in demo/documents/
    python tools/make_demo.py --check    # ... and read them back with pypdf / python-docx

Requirements: python-docx, fpdf2 (PDF output) and the DejaVu Sans fonts. The font
directory can be overridden with the environment variable CLUSNET_DEMO_FONT_DIR.
All dates are fixed, so the output is reproducible.
"""

from __future__ import annotations

import argparse
import html
import io
import json
import os
import re
import sys
import textwrap
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import demo_texts

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "demo" / "documents"
DEFAULT_MANIFEST = REPO / "demo" / "demo.json"
FONT_DIR = Path(os.environ.get("CLUSNET_DEMO_FONT_DIR", "/usr/share/fonts/truetype/dejavu"))
AUTHOR = "clusnet demo material"
CREATOR = "clusnet tools/make_demo.py"
DEMO_NOTE = {
    "hu": "Bemutató dokumentum – a clusnet archívum számára írt, általános jellegű szöveg.",
    "en": "Demo document – a generic text written for the clusnet archive.",
}

# ---------------------------------------------------------------------------
# Source texts
#
# Mini markup, one element per line (long elements continue on the following
# lines until a blank line or the next marker):
#   "# "  title          "! "  subtitle
#   "## " heading        "### " subheading
#   "- "  bullet item    "+ "  numbered item
#   "| a | b |"  table row (one line each; the first row is the header)
#   anything else: paragraph text
# ---------------------------------------------------------------------------

MMK_CASE_STUDY_HU = """
# Esettanulmány: a budapesti Mobilitás és Multimédia Klaszter
! CLUSNET – Klaszterek és Városok Hálózata · budapesti szeminárium, 2010. március 3–5.

## Háttér

A Mobilitás és Multimédia Klaszter a budapesti tudásipar egyik jellegzetes kezdeményezése. A
klaszter a mobilkommunikáció, a helyalapú szolgáltatások, a digitális tartalomfejlesztés és a
multimédiás alkalmazások területén tevékenykedő kis- és középvállalkozásokat, nagyvállalatokat,
egyetemi kutatócsoportokat és szakmai szervezeteket fogja össze. Az együttműködés alapgondolata
egyszerű: a fővárosban koncentrálódó mérnöki tudás, a kreatív iparágak és a távközlési
szolgáltatók olyan közös piacot és tanulási teret alkothatnak, amelyben egyetlen szereplő sem
boldogulna egyedül.

Budapest gazdaságában az információs és kommunikációs technológiák ágazata hagyományosan erős. A
műszaki egyetemek, a kutatóintézetek és a nemzetközi vállalatok fejlesztőközpontjai évtizedek óta
vonzzák a képzett munkaerőt. A klaszter ebből a tudásbázisból építkezik, de célja nem pusztán a
meglévő előnyök felmutatása, hanem az, hogy a tagvállalkozások új termékeket és szolgáltatásokat
vigyenek a hazai és a külföldi piacokra.

## Szervezet és klasztermenedzsment

A klaszter tagsága önkéntes. A tagok között szoftverfejlesztő cégek, tartalomszolgáltatók,
rendszerintegrátorok, hálózatüzemeltetők, valamint egyetemi tanszékek és kutatólaboratóriumok
egyaránt megtalálhatók. A mindennapi munkát kis létszámú klasztermenedzsment-szervezet végzi, amely
a tagok közös érdekeit képviseli, rendezvényeket szervez, pályázatokat készít elő, és kapcsolatot
tart a fővárosi önkormányzattal, a minisztériumokkal és a nemzetközi partnerhálózatokkal.

A legfontosabb döntéseket a tagok közgyűlése hozza meg, a stratégiai irányokat pedig egy szűkebb
szakmai tanács javasolja. Ez a felállás lehetővé teszi, hogy a kisebb vállalkozások hangja is
érvényesüljön, miközben a nagyobb szereplők tapasztalata és kapcsolatrendszere az egész közösség
javát szolgálja.

## Tevékenységek

A klaszter tevékenysége néhány jól körülhatárolható területre összpontosul:

- közös kutatás-fejlesztési projektek előkészítése, részvétel hazai és uniós pályázatokon;
- tesztkörnyezetek és mérőlaborok megosztott használata, amelyek nélkül egy kisvállalkozás nem
tudná kipróbálni mobilalkalmazásait valós hálózati körülmények között;
- szakmai műhelyek, üzleti reggelik és partnerkereső találkozók szervezése;
- közös megjelenés nemzetközi szakkiállításokon és vásárokon;
- gyakornoki programok és képzések az egyetemekkel együttműködésben;
- a tagok érdekeinek képviselete a fővárosi gazdaságfejlesztési stratégia kialakításakor.

A tapasztalatok szerint a legnagyobb hozzáadott értéket nem a látványos rendezvények, hanem a
bizalomra épülő, személyes kapcsolatok jelentik. Amikor egy szoftverfejlesztő kisvállalkozás és egy
egyetemi kutatócsoport egyszer már sikeresen dolgozott együtt, a következő közös projekt
előkészítése sokkal gyorsabb és olcsóbb. A klasztermenedzsment ezért tudatosan keresi azokat a
kisebb, gyorsan megvalósítható feladatokat, amelyeken keresztül a tagok megismerhetik egymást.

## Kapcsolat a városi klaszterpolitikával

A főváros gazdaságfejlesztési stratégiája a tudásintenzív ágazatokat kiemelt területként kezeli. Az
önkormányzati támogatás többnyire közvetett: a város rendezvényekhez biztosít helyszínt, segíti a
nemzetközi kapcsolatépítést, és a fejlesztési pólus programon keresztül összehangolja a különböző
forrásokat. A Mobilitás és Multimédia Klaszter az INNOPOLISZ budapesti fejlesztési pólus
környezetében működik, így munkája szorosan kapcsolódik a regionális innovációs politikához.

Kihívást jelent ugyanakkor, hogy a hazai klasztertámogatás nagyrészt pályázati alapon működik. A
rövid projektciklusok és az adminisztratív terhek megnehezítik a hosszú távú tervezést; a
klasztermenedzsment gyakran több időt tölt beszámolók és elszámolások készítésével, mint a tagok
közötti együttműködés szervezésével. A tagok ezért egyre inkább olyan szolgáltatásokat várnak a
klasztertől, amelyekért tagdíjat is hajlandók fizetni.

## Tanulságok a CLUSNET partnerei számára

A budapesti tapasztalatok alapján néhány általános tanulság fogalmazható meg:

+ A klaszter akkor életképes, ha a tagok saját üzleti érdeküket látják a közös munkában, és nem
csupán a támogatások megszerzése tartja össze őket.
+ Az egyetemek bevonása akkor sikeres, ha a klaszter a kutatók számára is érdekes, gyakorlati
problémákat kínál, és az eredmények publikálhatók maradnak.
+ A városi önkormányzat szerepe elsősorban a kapcsolatteremtés, a bizalom építése és a kiszámítható
keretek biztosítása, nem pedig a klaszter irányítása.
+ A nemzetközi hálózatok – mint a CLUSNET – segítenek abban, hogy a klaszter a saját gyakorlatát más
európai nagyvárosok, például München, Eindhoven vagy Helsinki tapasztalataival vesse össze.

Ez a leírás a clusnet archívum bemutató dokumentuma. Általános jellegű, nem tartalmaz hivatalos
adatokat, és nem helyettesíti a szeminárium eredeti esettanulmányát.
"""

INNOPOLISZ_HU = """
# Az INNOPOLISZ fejlesztési pólus és Budapest tudásipara
! Háttéranyag a CLUSNET budapesti szemináriumához (2010. március 3–5.)

## Bevezetés

Budapest nemcsak az ország fővárosa, hanem gazdasági, tudományos és kulturális központja is. Itt
működik a hazai egyetemek, kutatóintézetek és nagyvállalati fejlesztőközpontok jelentős része, és
itt koncentrálódik a tudásintenzív szolgáltatásokban dolgozó szakemberek legnagyobb csoportja. A
magyarországi fejlesztési pólusok programjában a főváros és térsége tudásipari fókuszú pólusa az
INNOPOLISZ nevet kapta. A név egyszerre utal az innovációra és a városra: azt fejezi ki, hogy a
nagyvárosi környezet maga is az újítások forrása lehet.

Ez a háttéranyag röviden bemutatja, mit értünk tudásiparon, milyen szerepet játszanak a klaszterek
a fővárosi gazdaságfejlesztési stratégiában, és milyen eszközökkel segítheti az önkormányzat a
vállalkozások, az egyetemek és a kutatóhelyek együttműködését.

## Mit jelent a tudásipar?

A tudásipar kifejezés azokat a tevékenységeket foglalja össze, amelyekben a hozzáadott érték
elsősorban a tudásból, a kutatásból és a kreativitásból származik. Ide sorolhatók az információs és
kommunikációs technológiák, az élettudományok és a biotechnológia, a gyógyszeripar, a mérnöki és
tervezési szolgáltatások, valamint a kreatív iparágak, például a médiatartalom-fejlesztés, a
formatervezés és a digitális játékok készítése.

A tudásipar nem egyetlen ágazat, hanem ágazatokon átívelő szemléletmód. Egy gépipari beszállító is a
tudásipar részévé válhat, ha saját fejlesztésű megoldásokkal, egyetemi partnerekkel közösen végzett
kutatással és jól képzett munkatársakkal versenyez. A városi gazdaságpolitika számára ezért nem az a
kérdés, hogy mely iparágakat kell kiválasztani, hanem az, hogyan lehet erősíteni azokat a
kapcsolatokat, amelyeken keresztül a tudás áramlik.

## Klaszterpolitika a fővárosban

A klaszterek a földrajzilag közel elhelyezkedő, egymással versengő és egyúttal együttműködő
vállalkozások, beszállítók, kutatóhelyek és támogató intézmények csoportjai. A budapesti
klaszterpolitika abból indul ki, hogy a klasztereket nem lehet felülről létrehozni, de a
kialakulóban lévő együttműködéseket lehet támogatni. Az alulról szerveződő kezdeményezések –
például a Mobilitás és Multimédia Klaszter – megmutatták, hogy a vállalkozások hajlandók közös
célokért dolgozni, ha ebből számukra is kézzelfogható előny származik.

A fejlesztési pólus program keretében a klaszterek akkreditációs és pályázati rendszerbe kerültek.
Ez egyrészt kiszámíthatóbb finanszírozást ígért, másrészt új követelményeket támasztott a
klasztermenedzsment-szervezetekkel szemben: üzleti tervet, mérhető célokat és rendszeres
beszámolókat vártak el tőlük.

## Szereplők és feladatok

Az alábbi táblázat áttekinti az INNOPOLISZ pólus környezetének fő szereplőit és jellemző
feladataikat. A felsorolás tájékoztató jellegű, nem hivatalos szervezeti ábra.

| Szereplő | Szerep a pólusban | Jellemző eszközök |
| Fővárosi Önkormányzat | stratégiai keretek, összehangolás | stratégia, rendezvények, kapcsolatok |
| Egyetemek és kutatóintézetek | tudásbázis, képzés | közös kutatás, laborok, gyakornokok |
| Klasztermenedzsment-szervezetek | a tagok összefogása | partnerkeresés, közös pályázatok |
| Kis- és középvállalkozások | innovatív termékek | fejlesztési projektek, kiállítások |
| Nagyvállalatok | piacok, beszállítói láncok | fejlesztőközpontok, mentorálás |
| Regionális fejlesztési ügynökség | források közvetítése | pályázatok kiírása és értékelése |

## Önkormányzati támogatás és pályázatok

A fővárosi önkormányzat közvetlen pénzügyi eszközei korlátozottak, ezért a támogatás súlypontja a
kapcsolatépítésen, a helyszínbiztosításon és a stratégiai összehangoláson van. A város segíthet
abban, hogy a klaszterek képviselői rendszeresen találkozzanak a kerületi önkormányzatokkal, az
egyetemek vezetőivel és a befektetésösztönzéssel foglalkozó szervezetekkel.

A klaszterek működésének pénzügyi alapját jellemzően a tagdíjak, a szolgáltatásokért kapott
bevételek és a pályázati források adják. Az uniós társfinanszírozású pályázatok fontos lehetőséget
jelentenek, de a pályázati logika rövid távú gondolkodásra ösztönözhet. A szemináriumon több partner
is hangsúlyozta, hogy a hosszú távú, kiszámítható támogatás értékesebb, mint az egyszeri, nagy
összegű projektfinanszírozás.

## Nyitott kérdések

- Hogyan mérhető a klaszterek hatása a városi gazdaságra úgy, hogy a mérés ne terhelje túl a
kisvállalkozásokat?
- Milyen arányban vállaljon szerepet a fővárosi és a kerületi önkormányzat a
klasztertámogatásban?
- Miként köthetők össze a budapesti klaszterek a CLUSNET többi városának hasonló
kezdeményezéseivel?
- Hogyan tartható meg a fiatal, képzett munkaerő a fővárosban?

A dokumentum a clusnet archívum bemutató anyaga, amelyet a keresőfelület kipróbálásához írtunk;
nem tartalmaz hivatalos statisztikai adatokat.
"""

SEMINAR_PROGRAMME_HU = """
# A CLUSNET budapesti szemináriuma – program és emlékeztető
! Budapest, 2010. március 3–5. · Téma: a tudásipar, a Mobilitás és Multimédia Klaszter és az
INNOPOLISZ fejlesztési pólus

A CLUSNET (Klaszterek és Városok Hálózata) INTERREG IVC projekt partnerei a budapesti
szemináriumon a főváros tudásiparát és klaszterpolitikáját vizsgálták. Az alábbi program és
emlékeztető a clusnet archívum számára készült bemutató változat; az időpontok és a napirendi
pontok tájékoztató jellegűek.

## Program

### Március 3., szerda

| Időpont | Program |
| 14.00 | Érkezés, regisztráció |
| 15.00 | Üdvözlés; a fővárosi gazdaságfejlesztési stratégia rövid bemutatása |
| 16.00 | A partnerek bemutatkozása és rövid beszámolói az előző szeminárium óta végzett munkáról |
| 19.00 | Közös vacsora |

### Március 4., csütörtök

| Időpont | Program |
| 9.00 | Előadás: Budapest tudásipara és a városi klaszterpolitika |
| 10.00 | Előadás: az INNOPOLISZ fejlesztési pólus céljai és eszközei |
| 11.00 | Kávészünet |
| 11.30 | Esettanulmány: a Mobilitás és Multimédia Klaszter működése |
| 13.00 | Ebéd |
| 14.00 | Tanulmányi látogatás egy egyetemi kutató-fejlesztő központban és egy tagvállalatnál |
| 17.00 | Kerekasztal-beszélgetés: hogyan támogathatja az önkormányzat a klasztereket? |

### Március 5., péntek

| Időpont | Program |
| 9.00 | Műhelymunka kiscsoportokban: tudástranszfer, nemzetköziesedés, finanszírozás |
| 11.00 | A szakértői jelentés első megállapításai |
| 12.00 | A következő szeminárium előkészítése, zárszó |

## Résztvevők

A szemináriumon a CLUSNET partnervárosainak és partnerszervezeteinek képviselői vettek részt:

- Budapest (házigazda)
- Grand Lyon, Barcelona Activa
- München, Dortmund, Lipcse
- Manchester, Helsinki, Eindhoven, Göteborg
- az Eurocities hálózat és a Stockholmi Közgazdaságtudományi Egyetem (Stockholm School of
Economics) szakértői

Meghívott előadóként budapesti klasztermenedzserek, egyetemi kutatók és vállalkozók is
felszólaltak. A szeminárium munkanyelve az angol volt; a helyi résztvevők számára tolmácsolást
biztosítottak.

## Emlékeztető

### Az előadások fő üzenetei

Az első előadás hangsúlyozta, hogy Budapest versenyképessége elsősorban a tudásra épülő ágazatokon
múlik. A fővárosban működő egyetemek és kutatóintézetek erős alapot jelentenek, ám a kutatási
eredmények hasznosítása és a vállalkozásokkal való együttműködés még nem elég szoros.

Az INNOPOLISZ fejlesztési pólusról szóló előadás bemutatta, hogyan próbálja a pólusprogram
összehangolni a különböző forrásokat, és miként kapcsolódnak hozzá a klaszterek. A résztvevők
kérdései főként az akkreditáció követelményeire és a pályázati rendszer rugalmasságára
vonatkoztak.

A Mobilitás és Multimédia Klaszter esettanulmánya élénk vitát váltott ki. A partnerek elismerően
szóltak az alulról szerveződő együttműködésről, ugyanakkor felvetették, hogy a klaszter hosszú
távú fenntarthatósága nem függhet kizárólag a pályázati forrásoktól.

### A kerekasztal-beszélgetés

A kerekasztal résztvevői egyetértettek abban, hogy az önkormányzat legfontosabb feladata a bizalom
építése és a szereplők összekapcsolása. Több partnerváros beszámolt arról, hogy náluk a városi
gazdaságfejlesztési ügynökség közvetítő szerepet tölt be a vállalkozások és az egyetemek között;
ez a modell Budapest számára is megfontolandó. Szóba került a kis- és középvállalkozások
nemzetköziesedése is: a közös kiállítási megjelenés és a partnervárosok klasztereivel kötött
megállapodások egyszerű, de hatékony eszközök lehetnek.

### Következő lépések

+ A szakértői jelentés véglegesítése és megküldése a partnereknek.
+ Az esettanulmányok, előadások és tanulmányok feltöltése a közös dokumentumtárba, magyar és angol
nyelven.
+ A következő szeminárium témáinak és időpontjának egyeztetése.

Ez az oldal a clusnet archívum bemutató anyaga; nem a szeminárium hivatalos jegyzőkönyve.
"""

COOPERATION_NOTE_HU = """
# Jegyzet a klaszterek együttműködéséről
! CLUSNET munkaanyag – bemutató dokumentum a clusnet archívum számára

A CLUSNET partnervárosainak tapasztalatai azt mutatják, hogy a klaszterek közötti együttműködés
legalább olyan fontos, mint az egyes klasztereken belüli kapcsolatok. Az ágazatok határán születő
ötletek – például ott, ahol a mobilkommunikáció az egészségüggyel, a logisztika az informatikával
vagy a formatervezés a gépiparral találkozik – gyakran nagyobb újítást hoznak, mint egy szűk
szakterület önálló fejlesztései.

## Miért érdemes együttműködni?

- Közös erőforrások: a laborok, a tesztkörnyezetek és a képzési programok közös használata
csökkenti a költségeket.
- Szélesebb piac: a különböző klaszterek tagjai egymás ügyfelei és beszállítói lehetnek.
- Erősebb érdekérvényesítés: több klaszter együtt hatékonyabban képviselheti a vállalkozások
érdekeit az önkormányzattal és a minisztériumokkal szemben.
- Nemzetközi láthatóság: a külföldi partnerek szemében egy összehangolt városi klaszterhálózat
vonzóbb, mint néhány elszigetelt kezdeményezés.

## Akadályok

Az együttműködést gyakran nehezíti, hogy a klaszterek egymás versenytársainak tekintik magukat,
különösen akkor, ha ugyanazokért a pályázati forrásokért versengenek. A
klasztermenedzsment-szervezetek kis létszámmal dolgoznak, és a napi feladatok mellett kevés
idejük marad a más ágazatokkal való kapcsolatépítésre. Előfordul az is, hogy a tagvállalatok
tartanak üzleti titkaik kiszivárgásától, ezért óvatosan osztják meg terveiket.

## Egy budapesti példa

A budapesti tudásipar szereplői számára is könnyen elképzelhető, hogy a mobilalkalmazásokat
fejlesztő vállalkozások egészségügyi vagy közlekedési szereplőkkel fogjanak össze: a mobil
eszközökre írt szolgáltatások a betegellátásban, a tömegközlekedésben és a turizmusban egyaránt
hasznosak lehetnek. Az első lépést ilyenkor általában egy személyes ismeretség vagy egy közös
rendezvény jelenti, nem pedig egy hivatalos megállapodás. Ha a kezdeti közös munka sikeres, a
partnerek később nagyobb, akár uniós forrásból finanszírozott fejlesztésbe is belevághatnak.

## Javaslatok

- Évente legalább egyszer érdemes közös fórumot szervezni a város összes klasztere számára.
- A pályázati kiírások jutalmazhatnák a klaszterek közötti, ágazatokon átívelő projekteket.
- A klasztermenedzserek rendszeres, kötetlen találkozói segítik a bizalom kialakulását.
- A nemzetközi tapasztalatcserét – például a CLUSNET szemináriumain – a fiatalabb klaszterek
munkatársai számára is elérhetővé kell tenni.

A jegyzet a budapesti szeminárium (2010. március 3–5.) beszélgetései nyomán, általános jelleggel
készült; nem hivatalos álláspont, hanem a clusnet archívum bemutató anyaga.
"""

EXPERT_REPORT_EN = """
# Expert Report: CLUSNET Seminar in Budapest, 3–5 March 2010
! Cluster policy in a knowledge-driven capital city – observations and recommendations

## 1. Purpose of this report

The CLUSNET seminars follow a common pattern: the host city presents its cluster policy, partners
visit cluster organisations and companies, and an external expert summarises what the network can
learn. This report covers the Budapest seminar, which focused on the city's knowledge industry, the
Mobility and Multimedia Cluster and the INNOPOLISZ development pole. It is written for the partner
cities and for policy makers in Budapest.

The report does not evaluate individual organisations. Its aim is to identify practices that other
city-regions may find useful and to point out issues where Budapest could benefit from the
experience of the network.

## 2. Context: a capital city with a strong knowledge base

Budapest concentrates a large share of Hungary's universities, research institutes and corporate
development centres. The city has a long engineering tradition, a lively creative scene and a
well-educated workforce. Information and communication technologies, life sciences and the
creative industries are usually named as the core of the city's knowledge industry.

At the same time, the links between research and business remain weaker than the size of the
knowledge base would suggest. Many small and medium-sized enterprises (SMEs) work only for
domestic clients, and co-operation with universities is often based on personal contacts rather
than on stable institutional arrangements.

Cluster policy in Hungary has been shaped by national programmes. The development pole programme
gave Budapest a framework, INNOPOLISZ, intended to coordinate funding and to connect clusters with
the regional innovation strategy. Clusters can apply for accreditation and for grants, which gives
them visibility but also ties them to the rhythm of calls for proposals.

## 3. Observations

### Strengths

- Bottom-up initiatives exist. The Mobility and Multimedia Cluster was formed by companies and
researchers who saw a common interest, not by an administrative decision.
- Universities are willing to co-operate, and shared test facilities lower the entry barrier for
small firms.
- The city administration understands that its role is to facilitate rather than to manage
clusters.

### Weaknesses

- Funding is short-term and project-based. Cluster managers spend much of their time on
applications and reporting.
- Responsibilities are divided between the national, regional, city and district levels, which
makes it hard for companies to know whom to contact.
- International activity is limited to a few larger members; most SMEs have little experience of
foreign markets.
- There is no shared way of measuring what clusters achieve, so successes are described with
anecdotes rather than with evidence.

## 4. Recommendations

+ Develop a simple, long-term cluster policy statement at city level that explains why Budapest
supports clusters, which instruments it uses and how results will be reviewed. Stability matters
more than the size of the budget.
+ Create a single point of contact for cluster organisations, ideally within an economic
development agency that can speak for the city and work with the districts.
+ Support cluster management as a profession: training, peer learning among cluster managers and
exchange visits to other CLUSNET cities.
+ Use public procurement and city services as test beds. Mobile and multimedia applications for
public transport, tourism or city information are natural pilot projects for local SMEs.
+ Strengthen knowledge transfer by funding small, fast projects between SMEs and university
groups, with light administration.
+ Agree on a modest set of indicators with the clusters themselves, focusing on co-operation, new
products and international contacts rather than on membership numbers.

## 5. Lessons for the network

Budapest shows how a cluster can emerge in a city where the public framework is still changing.
The partners recognised several familiar themes: the tension between bottom-up initiatives and
top-down programmes, the difficulty of involving SMEs, and the question of how a city government
can add value without taking over. The comparison with Munich, Eindhoven or Helsinki suggests that
patient, consistent support and trusted intermediaries matter more than any single instrument.

For the next seminars the expert suggests a closer look at how cities measure the impact of their
cluster policy and at how universities can be rewarded for working with local companies.

This text was written as demo material for the clusnet archive. It summarises themes typical of
the CLUSNET seminars and contains no official figures.
"""

EINDHOVEN_EN = """
# Case Study: Cluster Policy in the Eindhoven Region
! Brainport, open innovation and the triple helix – a CLUSNET case study

## Background

The Eindhoven region in the south of the Netherlands is often presented as an example of a
city-region that turned an industrial crisis into a new growth model. For decades the local economy
depended on a few large manufacturing companies. When these firms restructured, the region lost
many jobs and had to rethink its economic strategy.

The answer was not to attract a single new employer but to build on what was already there:
engineering skills, a technical university, research laboratories and a dense network of
specialised suppliers. The region began to present itself under the name Brainport, a label that
expresses the ambition to be a leading location for technology and design.

## The triple helix at work

The core of the Eindhoven approach is close co-operation between business, knowledge institutions
and government – the so-called triple helix. Representatives of the three groups meet regularly in
a regional development board, agree on priorities and share responsibility for implementation.

What makes the model work is less the formal structure than the culture behind it. Company
leaders, university deans and mayors know each other personally and are used to solving problems
together. This trust allows quick decisions and makes it easier to attract national and European
funding for joint projects.

## Open innovation and shared facilities

Large technology companies in the region have opened their research campuses to other firms.
Start-ups, SMEs and research groups can rent space, use laboratories and clean rooms, and meet
potential partners in informal settings. The idea of open innovation – that companies gain more by
sharing knowledge than by keeping everything inside – has become part of the regional identity.

Shared facilities are especially valuable for small firms. A young company developing a new sensor
or a medical device cannot afford its own test equipment, but it can use a campus laboratory and
work with experienced engineers nearby. In this way knowledge transfer happens through daily
contact rather than through formal contracts.

## Instruments of the cluster policy

The table below lists typical instruments used in the region. It is a simplified overview for
demonstration purposes.

| Instrument | Purpose | Lead actor |
| Regional development board | Common strategy and priorities | Cities, companies, university |
| Open research campus | Shared laboratories and meeting places | Large companies |
| Supplier development programmes | Upgrading SMEs in the supply chain | Industry associations |
| Talent and skills initiatives | Attracting and keeping engineers | University, municipality |
| Design programmes | Linking technology with design | City, design schools |

## Role of the municipality and the region

The city of Eindhoven and the surrounding municipalities do not manage clusters directly. Their
role is to invest in infrastructure, to keep the region attractive for international talent, to
support the regional development agency and to speak with one voice towards the national
government. Housing, international schools and good transport connections are treated as part of
cluster policy, because skilled people decide where clusters can grow.

## Challenges

Success brings its own problems. The region depends heavily on a small number of high-tech value
chains, which makes it vulnerable to global downturns. The shortage of technical staff is a
recurring concern, and SMEs sometimes find it difficult to gain access to the networks of the large
companies. There is also a risk that a strong regional brand hides differences within the region.

## Relevance for other CLUSNET cities

For the CLUSNET partners the Eindhoven case shows that cluster policy is a long-term effort built
on trust between business, universities and local government. Budapest, Dortmund or Leipzig can
hardly copy the model, but they can adopt some of its elements: a shared regional board, open
facilities for SMEs and a policy that treats talent and quality of life as part of economic
development.

This case study was written as demo material for the clusnet archive. It describes the Eindhoven
approach in general terms and contains no official data.
"""

KNOWLEDGE_TRANSFER_EN = """
# Knowledge Transfer and SMEs: Lessons from Manchester and Helsinki
! CLUSNET discussion paper – demo document for the clusnet archive

## Introduction

Universities are among the most important assets of any city-region, but their knowledge does not
automatically reach local companies. Large firms have research departments and the resources to
work with academic partners. Small and medium-sized enterprises (SMEs) usually do not. This paper
compares how two CLUSNET partners, Manchester and Helsinki, try to bridge this gap, and what other
cities can learn from them.

## Why knowledge transfer to SMEs is difficult

Several obstacles appear in almost every city:

- SMEs lack the time and staff to identify relevant research and to manage a joint project.
- Universities reward publications more than co-operation with local business.
- The language of research and the language of business differ; a problem that a company describes
in practical terms rarely matches the way a research group defines its work.
- Rules on intellectual property and the related contracts can be complicated and slow.
- Public support schemes are often designed for large projects, not for the small, quick steps
that suit SMEs.

## Manchester: intermediaries and placements

Manchester has several large universities and a long industrial tradition. Its approach to
knowledge transfer relies on intermediaries: business engagement teams at the universities, sector
networks and local development agencies that help companies find the right academic partner.

A particularly effective instrument has been the placement of graduates in companies to work on a
specific innovation project, supervised jointly by the company and a university. The graduate
brings new knowledge into the firm, the company solves a real problem, and the university gains
contacts and practical cases for teaching. Many SMEs that had never worked with a university
started their first joint project in this way.

The Manchester experience also shows the importance of a sector focus. Networks in areas such as
the digital and creative industries, advanced materials or health bring together firms with
similar needs, which makes it easier to organise shared events, training and joint applications
for funding.

## Helsinki: regional programmes and living labs

In the Helsinki region the cities, universities and research organisations have worked together in
regional programmes that link cluster development with higher education. Centres of expertise in
selected fields have acted as brokers between research and business, and the cities have supported
them as part of their economic development policy.

Helsinki has also used the city itself as a platform for innovation. In living lab projects,
companies test new services together with residents and public organisations, for example digital
services for citizens, mobile applications or solutions for public buildings. For SMEs this offers
an early reference customer and direct feedback from users.

## Comparing the two approaches

Manchester emphasises people and intermediaries: knowledge moves when skilled people move between
universities and firms. Helsinki emphasises platforms and co-creation: knowledge moves when
companies, researchers and users work on the same problem in a real environment. Both approaches
share three features:

+ They lower the threshold for the first contact between an SME and a university.
+ They rely on trusted intermediaries who understand both sides.
+ They combine national or European funding with a long-term commitment from the city.

## Recommendations for CLUSNET cities

- Offer small, simple instruments for first projects between SMEs and universities, such as
innovation vouchers or short placements.
- Support intermediaries and give them stable funding, because trust takes years to build.
- Use the city as a test bed: public services, transport and housing are natural fields for pilot
projects.
- Measure knowledge transfer by new collaborations and follow-up projects, not only by patents or
licences.
- Share experience across the network; Budapest, Leipzig and Gothenburg face similar questions.

This paper was written as demo material for the clusnet archive. It describes the two cities in
general terms and contains no official figures.
"""

CLUSTER_MANAGEMENT_EN = """
# Managing Clusters in City-Regions: Munich and Dortmund
! Presentation for a CLUSNET seminar session – demo slides

## Why city-regions need cluster management

- Clusters do not stop at municipal borders: companies, universities and skilled workers are
spread across the whole city-region.
- Cluster management connects actors who would not meet otherwise.
- Cities have tools of their own: land, infrastructure, public services, networks and visibility.

Cluster management is therefore a task not only for companies and national governments, but also
for the city-region.

## Munich: strength through diversity

- A diversified economy with strong sectors such as information and communication technology,
media, life sciences, automotive engineering and financial services.
- Several universities and research institutes with international reputations.
- Cluster initiatives supported at state level, while the city focuses on location marketing,
start-up support and business services.

Lesson: in a prosperous region the city's role is to keep the ecosystem open, to support
newcomers and to avoid the complacency of success.

## Dortmund: structural change as a project

- A former centre of coal, steel and brewing that lost much of its traditional industry.
- A deliberate programme of structural change, building new clusters in fields such as
information technology, logistics and microtechnology.
- Close co-operation between the city, the technical university, a technology park and private
investors.

Lesson: a clear long-term vision, shared by political leaders and business, can mobilise energy
even after a deep crisis.

## Tasks of a cluster manager

- Networking: events, matchmaking and personal introductions.
- Information: market intelligence, funding opportunities, contacts abroad.
- Projects: preparing joint research, training and marketing projects.
- Representation: speaking for the cluster towards the city, the region and investors.
- Internationalisation: joint trade fairs and partnerships with clusters in other countries.

## Organisational models

| Model | Typical owner | Advantage | Risk |
| Municipal agency | City or its development company | Strong link to city policy | Bureaucracy |
| Member association | Companies and institutions | Strong ownership by members | Few resources |
| Public-private company | Mixed | Stable funding, professional staff | Complex governance |

## Questions for discussion

- How can a city measure the results of cluster management and cluster policy?
- When should public funding for a cluster end?
- How can SMEs be involved, not only large companies and universities?
- What can Budapest, Leipzig or Gothenburg learn from Munich and Dortmund – and what not?

These slides were written as demo material for the clusnet archive and describe both cities in
general terms only.
"""

BILINGUAL_HU_EN = """
# A CLUSNET projekt röviden – CLUSNET in Brief
! Kétnyelvű összefoglaló · Bilingual summary

## Mi a CLUSNET? – What is CLUSNET?

A CLUSNET (Klaszterek és Városok Hálózata) az INTERREG IVC program által támogatott tudásmegosztó
projekt, amelyben európai nagyvárosok és városi régiók osztják meg egymással klaszterpolitikai
tapasztalataikat. A partnerek: Budapest, Grand Lyon, Barcelona Activa, München, Dortmund, Lipcse,
Manchester, Helsinki, Eindhoven és Göteborg, továbbá az Eurocities hálózat és a Stockholmi
Közgazdaságtudományi Egyetem, amely szakértői támogatást nyújt.

CLUSNET (Clusters & Cities Network) is a knowledge-sharing project supported by the INTERREG IVC
programme, in which European cities and city-regions exchange their experience of cluster policy.
The partners are Budapest, Grand Lyon, Barcelona Activa, Munich, Dortmund, Leipzig, Manchester,
Helsinki, Eindhoven and Gothenburg, together with the Eurocities network and the Stockholm School
of Economics, which provides expert support.

## Hogyan dolgozunk? – How do we work?

A partnerek rendszeresen más-más városban tartanak szemináriumot. A házigazda város bemutatja
klaszterpolitikáját, a résztvevők klasztereket, egyetemeket és vállalkozásokat látogatnak meg, majd
egy külső szakértő jelentésben foglalja össze a tanulságokat. Minden szemináriumról
esettanulmányok, előadások és szakértői jelentés maradnak fenn, magyar és angol nyelven is.

The partners meet regularly for seminars hosted by different cities. The host city presents its
cluster policy, the participants visit clusters, universities and companies, and an external
expert summarises the lessons in a report. Every seminar leaves case studies, presentations and an
expert report, in Hungarian as well as in English.

## A budapesti szeminárium – The Budapest seminar

2010. március 3–5. között Budapest látta vendégül a partnereket. A szeminárium középpontjában a
főváros tudásipara, a Mobilitás és Multimédia Klaszter és az INNOPOLISZ fejlesztési pólus állt. A
vendégek megismerkedtek a fővárosi gazdaságfejlesztési stratégiával és az önkormányzati
klasztertámogatás lehetőségeivel.

From 3 to 5 March 2010 Budapest hosted the partners. The seminar focused on the city's knowledge
industry, the Mobility and Multimedia Cluster and the INNOPOLISZ development pole. The guests
learned about the city's economic development strategy and about the ways in which the municipality
can support clusters.

## Főbb tanulságok – Key lessons

A klaszterpolitika hosszú távú feladat: a bizalom és az együttműködés évek alatt épül fel, ezért a
kiszámítható támogatás fontosabb, mint a nagy összegű, de egyszeri források.

Cluster policy is a long-term task: trust and co-operation take years to build, so predictable
support matters more than large one-off funding.

A városok elsősorban közvetítők: összekapcsolják a vállalkozásokat, az egyetemeket és a
közszférát. A kis- és középvállalkozások bevonása külön figyelmet igényel, egyszerű és gyors
eszközökre van szükség.

Cities act above all as brokers: they connect companies, universities and the public sector.
Involving small and medium-sized enterprises needs special attention and simple, fast instruments.

A tudástranszfer, vagyis a kutatási eredmények eljuttatása a vállalkozásokhoz, akkor működik
jól, ha megbízható közvetítők segítik, és az első közös projekt kicsi, gyors és egyszerű.

Knowledge transfer, bringing research results to companies, works best when trusted
intermediaries support it and the first joint project is small, quick and simple.

## Az archívumról – About this archive

A clusnet archívum a projekt dokumentumait teszi kereshetővé magyar és angol nyelven. Ez a
kétnyelvű összefoglaló bemutató anyag: azért készült, hogy az új felhasználók azonnal
kipróbálhassák a keresést. Nem hivatalos projektdokumentum.

The clusnet archive makes the project documents searchable in Hungarian and English. This
bilingual summary is demo material, written so that new users can try the search straight away.
It is not an official project document.
"""


# ---------------------------------------------------------------------------
# Document list
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Doc:
    filename: str
    lang: str  # "hu", "en" or "hu-en"
    date: datetime
    keywords: str
    source: str
    encoding: str = "utf-8"
    newline: str = "\n"
    header: str = ""
    footer: str = ""
    slides: bool = False
    # What an officer would say of it (demo/demo.json, loaded by demo/load.py):
    seminar: str | None = None
    partner: str | None = None
    doc_type: str = "other"
    versions: str | None = None
    """Documents with the same key are language versions of each other."""

    @property
    def fmt(self) -> str:
        return self.filename.rsplit(".", 1)[1]

    @property
    def language(self) -> str | None:
        """The language to describe it with (None: read from the text, for mixed ones)."""
        return self.lang if self.lang in ("hu", "en") else None


def _d(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 9, 0, 0, tzinfo=UTC)


SEMINARS: list[dict[str, str]] = [
    # Budapest's seminar (3-5 March 2010) is in the archive's own reference data; these
    # three are invented for the demo, so that it shows an archive of several seminars.
    {
        "slug": "lyon-2009",
        "title": "Lyon seminar: clusters in the metropolitan economy",
        "host": "grand-lyon",
        "starts": "2009-11-18",
        "ends": "2009-11-20",
        "theme": "Competitiveness clusters and the metropolitan authority (a seminar "
        "invented for the demo archive)",
    },
    {
        "slug": "helsinki-2010",
        "title": "Helsinki seminar: universities, knowledge transfer and SMEs",
        "host": "helsinki",
        "starts": "2010-09-22",
        "ends": "2010-09-24",
        "theme": "How cities help universities and small companies work together (a "
        "seminar invented for the demo archive)",
    },
    {
        "slug": "eindhoven-2011",
        "title": "Eindhoven seminar: open innovation and the triple helix",
        "host": "eindhoven",
        "starts": "2011-02-09",
        "ends": "2011-02-11",
        "theme": "Companies, knowledge institutions and authorities in one strategy (a "
        "seminar invented for the demo archive)",
    },
]

BUDAPEST = {"seminar": "budapest-2010"}
LYON = {"seminar": "lyon-2009"}
HELSINKI = {"seminar": "helsinki-2010"}
EINDHOVEN = {"seminar": "eindhoven-2011"}
HU_HEADER = "CLUSNET – Klaszterek és Városok Hálózata · INTERREG IVC"
HU_FOOTER = "Bemutató dokumentum a clusnet archívum számára · oldal "
EN_HEADER = "CLUSNET – Clusters & Cities Network · INTERREG IVC"
EN_FOOTER = "Demo document for the clusnet archive · page "

DOCS: list[Doc] = [
    # -- Budapest, 3-5 March 2010 --------------------------------------------------------
    Doc(
        "budapest-mobility-multimedia-cluster-hu.pdf",
        "hu",
        _d(2010, 2, 22),
        "klaszter, Mobilitás és Multimédia Klaszter, Budapest, tudásipar, esettanulmány",
        MMK_CASE_STUDY_HU,
        partner="budapest",
        doc_type="case_study",
        versions="mmc-case-study",
        **BUDAPEST,
    ),
    Doc(
        "budapest-mobility-multimedia-cluster-en.pdf",
        "en",
        _d(2010, 2, 22),
        "cluster, Mobility and Multimedia Cluster, Budapest, knowledge industry, case study",
        demo_texts.MMC_CASE_STUDY_EN,
        partner="budapest",
        doc_type="case_study",
        versions="mmc-case-study",
        **BUDAPEST,
    ),
    Doc(
        "innopolisz-budapest-knowledge-industry-hu.docx",
        "hu",
        _d(2010, 2, 26),
        "INNOPOLISZ, fejlesztési pólus, tudásipar, klaszterpolitika, önkormányzat, pályázatok",
        INNOPOLISZ_HU,
        header=HU_HEADER,
        footer=HU_FOOTER,
        partner="budapest",
        doc_type="paper",
        **BUDAPEST,
    ),
    Doc(
        "innopolisz-site-visit-slides-en.pptx",
        "en",
        _d(2010, 3, 4),
        "INNOPOLISZ, development pole, site visit, clusters, Budapest, presentation",
        demo_texts.INNOPOLISZ_SLIDES_EN,
        partner="budapest",
        doc_type="presentation",
        **BUDAPEST,
    ),
    Doc(
        "budapest-seminar-2010-programme-minutes-hu.html",
        "hu",
        _d(2010, 3, 8),
        "CLUSNET, szeminárium, program, emlékeztető, Budapest, 2010",
        SEMINAR_PROGRAMME_HU,
        partner="budapest",
        doc_type="minutes",
        **BUDAPEST,
    ),
    Doc(
        "cluster-cooperation-note-hu-cp1250.txt",
        "hu",
        _d(2010, 3, 9),
        "",
        COOPERATION_NOTE_HU,
        encoding="cp1250",
        newline="\r\n",
        partner="budapest",
        doc_type="other",
        **BUDAPEST,
    ),
    Doc(
        "clusnet-in-brief-bilingual-hu-en.pdf",
        "hu-en",
        _d(2010, 3, 5),
        "CLUSNET, klaszterpolitika, cluster policy, Budapest, kétnyelvű, bilingual",
        BILINGUAL_HU_EN,
        doc_type="other",
        **BUDAPEST,
    ),
    Doc(
        "budapest-seminar-2010-expert-report-en.pdf",
        "en",
        _d(2010, 4, 15),
        "expert report, cluster policy, Budapest, recommendations, SMEs, knowledge transfer",
        EXPERT_REPORT_EN,
        doc_type="report",
        versions="budapest-report",
        **BUDAPEST,
    ),
    Doc(
        "budapest-seminar-2010-expert-report-hu.docx",
        "hu",
        _d(2010, 4, 15),
        "szakértői jelentés, klaszterpolitika, Budapest, ajánlások, kkv, tudástranszfer",
        demo_texts.EXPERT_REPORT_HU,
        header=HU_HEADER,
        footer=HU_FOOTER,
        doc_type="report",
        versions="budapest-report",
        **BUDAPEST,
    ),
    # -- Lyon (invented) ---------------------------------------------------------------
    Doc(
        "leipzig-city-region-cluster-strategy-en.docx",
        "en",
        _d(2009, 11, 2),
        "Leipzig, cluster strategy, city-region, automotive industry, logistics",
        demo_texts.LEIPZIG_PAPER_EN,
        header=EN_HEADER,
        footer=EN_FOOTER,
        partner="leipzig",
        doc_type="paper",
        **LYON,
    ),
    Doc(
        "grand-lyon-competitiveness-clusters-case-study-en.pdf",
        "en",
        _d(2009, 11, 10),
        "Grand Lyon, competitiveness clusters, metropolitan area, case study",
        demo_texts.LYON_CASE_STUDY_EN,
        partner="grand-lyon",
        doc_type="case_study",
        **LYON,
    ),
    Doc(
        "barcelona-activa-business-support-slides-en.pptx",
        "en",
        _d(2009, 11, 19),
        "Barcelona Activa, business support, entrepreneurship, incubator, clusters",
        demo_texts.BARCELONA_SLIDES_EN,
        partner="barcelona-activa",
        doc_type="presentation",
        **LYON,
    ),
    Doc(
        "munich-dortmund-cluster-management-slides-en.html",
        "en",
        _d(2009, 11, 19),
        "cluster management, city-region, Munich, Dortmund, presentation",
        CLUSTER_MANAGEMENT_EN,
        slides=True,
        partner="munich",
        doc_type="presentation",
        **LYON,
    ),
    Doc(
        "lyon-2009-programme-minutes-en.docx",
        "en",
        _d(2009, 11, 25),
        "CLUSNET, seminar, Lyon, programme, minutes",
        demo_texts.LYON_MINUTES_EN,
        header=EN_HEADER,
        footer=EN_FOOTER,
        partner="grand-lyon",
        doc_type="minutes",
        **LYON,
    ),
    Doc(
        "lyon-2009-beszamolo-hu.docx",
        "hu",
        _d(2009, 12, 3),
        "CLUSNET, Lyon, beszámoló, klaszterpolitika, Budapest",
        demo_texts.LYON_TRIP_REPORT_HU,
        header=HU_HEADER,
        footer=HU_FOOTER,
        partner="budapest",
        doc_type="report",
        **LYON,
    ),
    Doc(
        "lyon-2009-expert-report-en.pdf",
        "en",
        _d(2010, 1, 15),
        "expert report, Lyon, cluster policy, recommendations",
        demo_texts.LYON_REPORT_EN,
        doc_type="report",
        **LYON,
    ),
    # -- Helsinki (invented) -------------------------------------------------------------
    Doc(
        "sse-cluster-research-review-en.pdf",
        "en",
        _d(2010, 8, 30),
        "cluster policy, research, evaluation, Stockholm School of Economics",
        demo_texts.SSE_PAPER_EN,
        partner="stockholm-school-of-economics",
        doc_type="paper",
        **HELSINKI,
    ),
    Doc(
        "manchester-helsinki-knowledge-transfer-smes-en.txt",
        "en",
        _d(2010, 9, 1),
        "",
        KNOWLEDGE_TRANSFER_EN,
        partner="manchester",
        doc_type="paper",
        **HELSINKI,
    ),
    Doc(
        "helsinki-university-cooperation-case-study-en.pdf",
        "en",
        _d(2010, 9, 10),
        "Helsinki, universities, knowledge transfer, science park, case study",
        demo_texts.HELSINKI_CASE_STUDY_EN,
        partner="helsinki",
        doc_type="case_study",
        **HELSINKI,
    ),
    Doc(
        "gothenburg-knowledge-transfer-slides-en.pptx",
        "en",
        _d(2010, 9, 23),
        "Gothenburg, knowledge transfer, universities, industry, presentation",
        demo_texts.GOTHENBURG_SLIDES_EN,
        partner="gothenburg",
        doc_type="presentation",
        **HELSINKI,
    ),
    Doc(
        "budapest-tudastranszfer-eloadas-hu.pptx",
        "hu",
        _d(2010, 9, 23),
        "tudástranszfer, egyetemek, klaszterek, kkv, Budapest, előadás",
        demo_texts.BUDAPEST_KNOWLEDGE_TRANSFER_SLIDES_HU,
        partner="budapest",
        doc_type="presentation",
        **HELSINKI,
    ),
    Doc(
        "helsinki-2010-programme-minutes-en.docx",
        "en",
        _d(2010, 9, 30),
        "CLUSNET, seminar, Helsinki, programme, minutes",
        demo_texts.HELSINKI_MINUTES_EN,
        header=EN_HEADER,
        footer=EN_FOOTER,
        partner="helsinki",
        doc_type="minutes",
        **HELSINKI,
    ),
    Doc(
        "helsinki-2010-expert-report-en.pdf",
        "en",
        _d(2010, 11, 5),
        "expert report, Helsinki, knowledge transfer, SMEs, universities",
        demo_texts.HELSINKI_REPORT_EN,
        doc_type="report",
        versions="helsinki-report",
        **HELSINKI,
    ),
    Doc(
        "helsinki-2010-szakertoi-jelentes-hu.docx",
        "hu",
        _d(2010, 11, 5),
        "szakértői jelentés, Helsinki, tudástranszfer, kkv, egyetemek",
        demo_texts.HELSINKI_REPORT_HU,
        header=HU_HEADER,
        footer=HU_FOOTER,
        doc_type="report",
        versions="helsinki-report",
        **HELSINKI,
    ),
    # -- Eindhoven (invented) ------------------------------------------------------------
    Doc(
        "dortmund-structural-change-case-study-en.pdf",
        "en",
        _d(2011, 1, 20),
        "Dortmund, structural change, clusters, logistics, case study",
        demo_texts.DORTMUND_CASE_STUDY_EN,
        partner="dortmund",
        doc_type="case_study",
        **EINDHOVEN,
    ),
    Doc(
        "eindhoven-cluster-policy-case-study-en.docx",
        "en",
        _d(2011, 1, 28),
        "Eindhoven, Brainport, cluster policy, triple helix, open innovation, case study",
        EINDHOVEN_EN,
        header=EN_HEADER,
        footer=EN_FOOTER,
        partner="eindhoven",
        doc_type="case_study",
        **EINDHOVEN,
    ),
    Doc(
        "eurocities-cluster-policy-survey-en.docx",
        "en",
        _d(2011, 1, 31),
        "Eurocities, survey, cluster policy, cities, partners",
        demo_texts.EUROCITIES_PAPER_EN,
        header=EN_HEADER,
        footer=EN_FOOTER,
        partner="eurocities",
        doc_type="paper",
        **EINDHOVEN,
    ),
    Doc(
        "budapest-nyilt-innovacio-eloadas-hu.pptx",
        "hu",
        _d(2011, 2, 10),
        "nyílt innováció, klaszterek, INNOPOLISZ, Budapest, előadás",
        demo_texts.BUDAPEST_OPEN_INNOVATION_SLIDES_HU,
        partner="budapest",
        doc_type="presentation",
        **EINDHOVEN,
    ),
    Doc(
        "eindhoven-2011-programme-minutes-en.docx",
        "en",
        _d(2011, 2, 18),
        "CLUSNET, seminar, Eindhoven, programme, minutes",
        demo_texts.EINDHOVEN_MINUTES_EN,
        header=EN_HEADER,
        footer=EN_FOOTER,
        partner="eindhoven",
        doc_type="minutes",
        **EINDHOVEN,
    ),
    Doc(
        "eindhoven-2011-expert-report-en.pdf",
        "en",
        _d(2011, 4, 12),
        "expert report, Eindhoven, open innovation, triple helix",
        demo_texts.EINDHOVEN_REPORT_EN,
        doc_type="report",
        **EINDHOVEN,
    ),
    # -- the network as a whole ------------------------------------------------------------
    Doc(
        "budapest-helyi-tamogato-csoport-emlekezteto-hu.docx",
        "hu",
        _d(2010, 11, 18),
        "helyi támogató csoport, emlékeztető, akcióterv, Budapest",
        demo_texts.LOCAL_SUPPORT_GROUP_MINUTES_HU,
        header=HU_HEADER,
        footer=HU_FOOTER,
        partner="budapest",
        doc_type="minutes",
    ),
    Doc(
        "clusnet-policy-recommendations-en.pdf",
        "en",
        _d(2011, 6, 20),
        "CLUSNET, policy recommendations, cities, cluster policy",
        demo_texts.RECOMMENDATIONS_EN,
        partner="eurocities",
        doc_type="report",
        versions="recommendations",
    ),
    Doc(
        "clusnet-szakpolitikai-ajanlasok-hu.pdf",
        "hu",
        _d(2011, 6, 20),
        "CLUSNET, szakpolitikai ajánlások, városok, klaszterpolitika",
        demo_texts.RECOMMENDATIONS_HU,
        partner="eurocities",
        doc_type="report",
        versions="recommendations",
    ),
]


# ---------------------------------------------------------------------------
# Parsing the mini markup
# ---------------------------------------------------------------------------


@dataclass
class Parsed:
    title: str
    subtitle: str
    blocks: list[tuple[str, Any]]

    def plain_text(self) -> str:
        """All words of the document, used to verify the rendered files."""
        parts = [self.title, self.subtitle]
        for kind, value in self.blocks:
            if kind in ("ul", "ol"):
                parts.extend(value)
            elif kind == "table":
                parts.extend(cell for row in value for cell in row)
            else:
                parts.append(value)
        return "\n".join(parts)


_MARKERS = (
    ("### ", "h3"),
    ("## ", "h2"),
    ("# ", "title"),
    ("! ", "subtitle"),
    ("- ", "ul"),
    ("+ ", "ol"),
)


def parse(source: str) -> Parsed:
    title = subtitle = ""
    blocks: list[tuple[str, Any]] = []
    current: list[str] | None = None  # the text parts of the element being read
    current_kind = ""

    def flush() -> None:
        nonlocal current, current_kind, title, subtitle
        if current is None:
            return
        text = " ".join(current)
        if current_kind == "title":
            title = text
        elif current_kind == "subtitle":
            subtitle = text
        elif current_kind in ("ul", "ol"):
            if blocks and blocks[-1][0] == current_kind:
                blocks[-1][1].append(text)
            else:
                blocks.append((current_kind, [text]))
        else:
            blocks.append((current_kind, text))
        current, current_kind = None, ""

    for raw in source.strip().splitlines():
        line = raw.strip()
        if not line:
            flush()
            continue
        if line.startswith("|"):
            flush()
            row = [cell.strip() for cell in line.strip("|").split("|")]
            if blocks and blocks[-1][0] == "table":
                blocks[-1][1].append(row)
            else:
                blocks.append(("table", [row]))
            continue
        for marker, kind in _MARKERS:
            if line.startswith(marker):
                flush()
                current, current_kind = [line[len(marker) :]], kind
                break
        else:
            if current is None:
                current, current_kind = [line], "p"
            else:
                current.append(line)
    flush()
    return Parsed(title, subtitle, blocks)


# ---------------------------------------------------------------------------
# Renderers
# ---------------------------------------------------------------------------


def render_pdf(doc: Doc, parsed: Parsed) -> bytes:
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    note = DEMO_NOTE["hu" if doc.lang.startswith("hu") else "en"]

    class DemoPDF(FPDF):
        def footer(self) -> None:
            self.set_y(-14)
            self.set_font("DejaVu", size=8)
            self.set_text_color(110)
            self.cell(0, 6, f"CLUSNET · {note} · {self.page_no()}/{{nb}}", align="C")
            self.set_text_color(0)

    pdf = DemoPDF(format="A4")
    pdf.set_margins(22, 20, 22)
    pdf.set_auto_page_break(True, margin=22)
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_title(parsed.title)
    pdf.set_author(AUTHOR)
    pdf.set_subject(parsed.subtitle)
    pdf.set_keywords(doc.keywords)
    pdf.set_creator(CREATOR)
    pdf.set_creation_date(doc.date)
    pdf.set_lang("en" if doc.lang == "en" else "hu")
    pdf.add_page()

    def write_block(height: float, text: str) -> None:
        pdf.multi_cell(0, height, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    pdf.set_font("DejaVu", "B", 16)
    write_block(8, parsed.title)
    if parsed.subtitle:
        pdf.ln(1)
        pdf.set_font("DejaVu", "", 10)
        pdf.set_text_color(80)
        write_block(5.5, parsed.subtitle)
        pdf.set_text_color(0)
    pdf.ln(4)

    for kind, value in parsed.blocks:
        if kind in ("h2", "h3"):
            pdf.ln(3 if kind == "h2" else 1.5)
            pdf.set_font("DejaVu", "B", 12.5 if kind == "h2" else 11)
            write_block(7, value)
            pdf.ln(1)
        elif kind == "p":
            pdf.set_font("DejaVu", "", 10.5)
            write_block(5.6, value)
            pdf.ln(2.5)
        elif kind in ("ul", "ol"):
            pdf.set_font("DejaVu", "", 10.5)
            for number, item in enumerate(value, start=1):
                pdf.set_x(pdf.l_margin + 3)
                pdf.cell(7, 5.6, "•" if kind == "ul" else f"{number}.")
                write_block(5.6, item)
                pdf.ln(1)
            pdf.ln(1.5)
        elif kind == "table":
            pdf.set_font("DejaVu", "", 9.5)
            with pdf.table(line_height=5.2, text_align="LEFT", first_row_as_headings=True) as t:
                for row in value:
                    cells = t.row()
                    for cell in row:
                        cells.cell(cell)
            pdf.ln(3)
    return bytes(pdf.output())


def _fixed_zip(data: bytes, when: datetime) -> bytes:
    """Rewrite a zip (DOCX) with fixed member timestamps so the output is reproducible."""
    stamp = (when.year, when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()


def render_docx(doc: Doc, parsed: Parsed) -> bytes:
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    lang = "en-GB" if doc.lang == "en" else "hu-HU"
    document = docx.Document()

    props = document.core_properties
    props.title = parsed.title
    props.subject = parsed.subtitle
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.keywords = doc.keywords
    props.language = lang
    props.category = "CLUSNET demo"
    props.comments = DEMO_NOTE["en"]
    props.created = doc.date.replace(tzinfo=None)
    props.modified = doc.date.replace(tzinfo=None)
    props.last_printed = doc.date.replace(tzinfo=None)
    props.revision = 1

    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    rpr = normal.element.get_or_add_rPr()
    lang_el = OxmlElement("w:lang")
    lang_el.set(qn("w:val"), lang)
    rpr.append(lang_el)

    section = document.sections[0]
    if doc.header:
        section.header.paragraphs[0].text = doc.header
    if doc.footer:
        par = section.footer.paragraphs[0]
        par.text = doc.footer
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), "PAGE")
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "1"
        run.append(text)
        field.append(run)
        par._p.append(field)

    document.add_heading(parsed.title, level=0)
    if parsed.subtitle:
        document.add_paragraph(parsed.subtitle, style="Subtitle")
    for kind, value in parsed.blocks:
        if kind == "h2":
            document.add_heading(value, level=1)
        elif kind == "h3":
            document.add_heading(value, level=2)
        elif kind == "p":
            document.add_paragraph(value)
        elif kind in ("ul", "ol"):
            style = "List Bullet" if kind == "ul" else "List Number"
            for item in value:
                document.add_paragraph(item, style=style)
        elif kind == "table":
            table = document.add_table(rows=len(value), cols=len(value[0]))
            table.style = "Light Grid Accent 1"
            for r, row in enumerate(value):
                for c, cell_text in enumerate(row):
                    cell = table.cell(r, c)
                    cell.text = cell_text
                    if r == 0:
                        for run_ in cell.paragraphs[0].runs:
                            run_.bold = True
            document.add_paragraph()

    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue(), doc.date)


_CSS = """
body { font-family: "DejaVu Sans", Arial, sans-serif; max-width: 52em; margin: 2em auto;
       padding: 0 1em; line-height: 1.5; color: #222; }
header p.subtitle { color: #555; }
table { border-collapse: collapse; margin: 0.5em 0 1em; }
th, td { border: 1px solid #bbb; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
th { background: #eef2f7; }
section.slide { border: 1px solid #ccd; border-radius: 6px; padding: 0.5em 1.5em 1em;
                margin: 1.5em 0; background: #fafbfd; }
section.slide .slide-no { float: right; color: #888; font-size: 0.85em; }
footer { margin-top: 2em; font-size: 0.85em; color: #666; }
"""


def render_html(doc: Doc, parsed: Parsed) -> bytes:
    esc = html.escape
    lang = "en" if doc.lang == "en" else "hu"
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{esc(parsed.title)}</title>",
        f'<meta name="author" content="{esc(AUTHOR)}">',
        f'<meta name="description" content="{esc(parsed.subtitle)}">',
        f'<meta name="keywords" content="{esc(doc.keywords)}">',
        f'<meta name="date" content="{doc.date.date().isoformat()}">',
        f'<meta name="dcterms.created" content="{doc.date.date().isoformat()}">',
        f'<meta name="generator" content="{esc(CREATOR)}">',
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{esc(parsed.title)}</h1>",
        f'<p class="subtitle">{esc(parsed.subtitle)}</p>',
        "</header>",
        "<main>",
    ]
    in_section = False
    slide_no = 0
    for kind, value in parsed.blocks:
        if kind == "h2":
            if in_section:
                out.append("</section>")
            slide_no += 1
            if doc.slides:
                out.append(f'<section class="slide" id="slide-{slide_no}">')
                out.append(f'<span class="slide-no">{slide_no}</span>')
            else:
                out.append("<section>")
            in_section = True
            out.append(f"<h2>{esc(value)}</h2>")
        elif kind == "h3":
            out.append(f"<h3>{esc(value)}</h3>")
        elif kind == "p":
            out.append(f"<p>{esc(value)}</p>")
        elif kind in ("ul", "ol"):
            out.append(f"<{kind}>")
            out.extend(f"<li>{esc(item)}</li>" for item in value)
            out.append(f"</{kind}>")
        elif kind == "table":
            out.append("<table>")
            out.append("<tr>" + "".join(f"<th>{esc(c)}</th>" for c in value[0]) + "</tr>")
            for row in value[1:]:
                out.append("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>")
            out.append("</table>")
    if in_section:
        out.append("</section>")
    out += [
        "</main>",
        f"<footer><p>CLUSNET · {esc(DEMO_NOTE[lang])}</p></footer>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(out).encode("utf-8")


def render_txt(doc: Doc, parsed: Parsed) -> bytes:
    width = 78

    def wrap(text: str, indent: str = "", first: str = "") -> list[str]:
        return textwrap.wrap(
            text,
            width=width,
            initial_indent=first or indent,
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        )

    lines = [parsed.title, "=" * len(parsed.title)]
    if parsed.subtitle:
        lines += wrap(parsed.subtitle)
    for kind, value in parsed.blocks:
        lines.append("")
        if kind in ("h2", "h3"):
            lines += [value, ("-" if kind == "h2" else "~") * len(value)]
        elif kind == "p":
            lines += wrap(value)
        elif kind in ("ul", "ol"):
            for number, item in enumerate(value, start=1):
                bullet = "  - " if kind == "ul" else f"  {number}. "
                lines += wrap(item, indent=" " * len(bullet), first=bullet)
        elif kind == "table":
            widths = [max(len(row[i]) for row in value) for i in range(len(value[0]))]
            for r, row in enumerate(value):
                lines.append(" | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
                if r == 0:
                    lines.append("-+-".join("-" * w for w in widths))
    lines.append("")
    text = doc.newline.join(line.rstrip() for line in lines)
    return text.encode(doc.encoding)  # strict: every character must exist in the encoding


def render_pptx(doc: Doc, parsed: Parsed) -> bytes:
    """Slides: a title slide, then one slide per "## " heading with its bullets as points
    and its paragraphs as the speaker notes."""
    from pptx import Presentation
    from pptx.util import Emu, Pt

    lang = "en-GB" if doc.lang == "en" else "hu-HU"
    deck = Presentation()
    deck.slide_width, deck.slide_height = Emu(12192000), Emu(6858000)  # 16:9
    props = deck.core_properties
    props.title = parsed.title
    props.subject = parsed.subtitle
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.keywords = doc.keywords
    props.language = lang
    props.category = "CLUSNET demo"
    props.comments = DEMO_NOTE["en"]
    props.created = doc.date.replace(tzinfo=None)
    props.modified = doc.date.replace(tzinfo=None)
    props.last_printed = doc.date.replace(tzinfo=None)
    props.revision = 1

    cover = deck.slides.add_slide(deck.slide_layouts[0])
    cover.shapes.title.text = parsed.title
    cover.placeholders[1].text = parsed.subtitle
    cover.notes_slide.notes_text_frame.text = DEMO_NOTE["hu" if doc.lang == "hu" else "en"]
    slide = None
    for kind, value in parsed.blocks:
        if kind == "h2":
            slide = deck.slides.add_slide(deck.slide_layouts[1])
            slide.shapes.title.text = value
            body = slide.placeholders[1].text_frame
            body.text = ""
        elif slide is None:
            raise ValueError(f"{doc.filename}: text before the first slide heading")
        elif kind in ("ul", "ol"):
            for item in value:
                empty = len(body.paragraphs) == 1 and not body.paragraphs[0].text
                paragraph = body.paragraphs[0] if empty else body.add_paragraph()
                paragraph.text = item
                paragraph.font.size = Pt(24)
        elif kind == "p":
            notes = slide.notes_slide.notes_text_frame
            notes.text = f"{notes.text}\n{value}" if notes.text else value
    buffer = io.BytesIO()
    deck.save(buffer)
    return _fixed_zip(buffer.getvalue(), doc.date)


RENDERERS = {
    "pdf": render_pdf,
    "docx": render_docx,
    "pptx": render_pptx,
    "html": render_html,
    "txt": render_txt,
}


def manifest() -> dict[str, Any]:
    """What `demo/load.py` needs: the demo seminars, and each file's description."""
    return {
        "note": "Written by tools/make_demo.py; read by demo/load.py.",
        "seminars": SEMINARS,
        "documents": [
            {
                "file": doc.filename,
                "seminar": doc.seminar,
                "partner": doc.partner,
                "doc_type": doc.doc_type,
                "language": doc.language,
                "doc_date": doc.date.date().isoformat(),
                "versions": doc.versions,
            }
            for doc in DOCS
        ],
    }


# ---------------------------------------------------------------------------
# Verification (--check)
# ---------------------------------------------------------------------------


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def extract(path: Path, doc: Doc) -> tuple[str, dict[str, str]]:
    """Read a rendered file back the way an ingester would; return text and metadata."""
    if doc.fmt == "pdf":
        from pypdf import PdfReader

        reader = PdfReader(path)
        meta: dict[str, Any] = dict(reader.metadata or {})
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
        info = {
            "title": str(meta.get("/Title", "")),
            "author": str(meta.get("/Author", "")),
            "created": str(meta.get("/CreationDate", "")),
            "pages": str(len(reader.pages)),
        }
        return text, info
    if doc.fmt == "docx":
        import docx

        document = docx.Document(str(path))
        parts = [p.text for p in document.paragraphs]
        for table in document.tables:
            parts.extend(cell.text for row in table.rows for cell in row.cells)
        section = document.sections[0]
        props = document.core_properties
        info = {
            "title": props.title or "",
            "author": props.author or "",
            "created": str(props.created),
            "language": props.language or "",
            "header": section.header.paragraphs[0].text,
            "footer": section.footer.paragraphs[0].text,
            "tables": str(len(document.tables)),
        }
        return "\n".join(parts), info
    if doc.fmt == "pptx":
        from pptx import Presentation

        deck = Presentation(str(path))
        parts = []
        for slide in deck.slides:
            parts.extend(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
            if slide.has_notes_slide:
                parts.append(slide.notes_slide.notes_text_frame.text)
        props = deck.core_properties
        info = {
            "title": props.title or "",
            "author": props.author or "",
            "created": str(props.created),
            "slides": str(len(deck.slides)),
        }
        return "\n".join(parts), info
    if doc.fmt == "html":
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(path.read_bytes(), "html.parser")
        title = soup.title.get_text() if soup.title else ""
        return soup.get_text(" "), {"title": title}
    from charset_normalizer import from_bytes

    raw = path.read_bytes()
    best = from_bytes(raw).best()
    guessed = best.encoding if best else "?"
    return raw.decode(doc.encoding), {"encoding": doc.encoding, "detected": guessed}


def check(out_dir: Path) -> bool:
    ok = True
    for doc in DOCS:
        path = out_dir / doc.filename
        parsed = parse(doc.source)
        text, info = extract(path, doc)
        missing = sorted(_words(parsed.plain_text()) - _words(text))
        n_words = len(re.findall(r"\w+", parsed.plain_text()))
        problems = []
        if missing:
            problems.append(f"missing words: {missing[:12]}")
        if doc.lang.startswith("hu") and not ("ő" in text and "ű" in text):
            problems.append("ő/ű not found in extracted text")
        if info.get("title", parsed.title) != parsed.title:
            problems.append(f"title metadata {info.get('title')!r}")
        status = "ok " if not problems else "BAD"
        ok = ok and not problems
        details = ", ".join(f"{k}={v}" for k, v in info.items() if k != "title")
        print(
            f"{status} {doc.filename} [{doc.lang}] {n_words} words, "
            f"{path.stat().st_size} bytes; {details}"
        )
        for problem in problems:
            print(f"    {problem}")
    return ok


# ---------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory")
    parser.add_argument(
        "--manifest", type=Path, default=DEFAULT_MANIFEST, help="where to write demo.json"
    )
    parser.add_argument("--check", action="store_true", help="read the files back and verify")
    args = parser.parse_args(argv)

    args.out.mkdir(parents=True, exist_ok=True)
    for doc in DOCS:
        data = RENDERERS[doc.fmt](doc, parse(doc.source))
        (args.out / doc.filename).write_bytes(data)
        print(f"wrote {doc.filename} ({len(data)} bytes)")
    args.manifest.write_text(
        json.dumps(manifest(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    print(f"wrote {args.manifest.name} ({len(DOCS)} documents, {len(SEMINARS)} seminars)")
    if args.check and not check(args.out):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
