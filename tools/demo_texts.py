# ruff: noqa: RUF001, RUF002, RUF003, E501  (texts: typographic dashes, long table rows)
"""More texts of the clusnet demo archive, written for it (see demo/README.md).

Same mini markup as tools/make_demo.py. For slides (PPTX), each "## " heading starts a
slide, its bullets are the slide's points and its paragraphs the speaker notes. Apart
from the Budapest seminar of 3–5 March 2010, the seminars these texts belong to are
invented for the demo; people are named only by their role, and no figure is given.
"""

# -- Budapest seminar, 3–5 March 2010 ------------------------------------------------------

MMC_CASE_STUDY_EN = """
# Case study: the Budapest Mobility and Multimedia Cluster
! CLUSNET – Clusters & Cities Network · Budapest seminar, 3–5 March 2010

## Background

The Mobility and Multimedia Cluster is a typical initiative of Budapest's knowledge
industry. It brings together small and medium-sized enterprises, large companies,
university research groups and professional bodies working in mobile communications,
location-based services, digital content and multimedia applications. The idea behind it
is simple: the engineering knowledge, the creative industries and the telecommunications
operators concentrated in the capital can form a common market and a common place of
learning in which no single member would succeed alone.

Information and communication technology has long been strong in the economy of Budapest.
Technical universities, research institutes and the development centres of international
companies have attracted skilled people for decades. The cluster builds on this knowledge
base, but its aim is not only to show existing strengths: it wants its members to bring
new products and services to markets at home and abroad.

## Organisation and cluster management

Membership is voluntary. Members include software developers, content providers, system
integrators, network operators, university departments and research laboratories. A
small cluster management team does the daily work: it represents the members' common
interests, organises events, prepares applications for calls for proposals and keeps in
touch with the municipality, the ministries and international partner networks.

The general assembly of the members takes the main decisions, and a smaller professional
board proposes the strategic directions. This lets smaller enterprises be heard while the
experience and contacts of the larger members serve the whole community.

## Activities

- preparing joint research and development projects and applying to national and
  European calls for proposals;
- sharing test environments and measurement laboratories that a small company could not
  afford on its own;
- workshops, business breakfasts and matchmaking meetings;
- joint stands at international trade fairs;
- internships and training together with the universities;
- representing the members when the city's economic development strategy is prepared.

Experience shows that the greatest added value comes not from large events but from
personal relationships built on trust. Once a small software company and a university
research group have worked together successfully, preparing the next joint project is
much quicker and cheaper. The cluster management therefore looks for small tasks that
can be done quickly and through which members get to know each other.

## Link with the city's cluster policy

The economic development strategy of the capital treats knowledge-intensive sectors as a
priority. Municipal support is mostly indirect: the city provides venues for events,
helps international networking and coordinates funding through the development pole
programme. The Mobility and Multimedia Cluster works around INNOPOLISZ, the Budapest
development pole, so its work is closely tied to regional innovation policy.

One difficulty is that support for clusters in Hungary mostly comes through calls for
proposals. Short project cycles and administrative burdens make long-term planning hard;
the cluster management often spends more time on reports and accounts than on organising
cooperation between members. Members therefore increasingly expect services from the
cluster for which they are also willing to pay a membership fee.
"""

EXPERT_REPORT_HU = """
# Szakértői jelentés: a CLUSNET budapesti szemináriuma, 2010. március 3–5.
! CLUSNET – Klaszterek és Városok Hálózata · INTERREG IVC · a szakértői jelentés magyar változata

## A jelentés célja

Ez a jelentés a CLUSNET hálózat budapesti szemináriumának tanulságait foglalja össze. A
szeminárium témája Budapest tudásipara, a Mobilitás és Multimédia Klaszter és az
INNOPOLISZ fejlesztési pólus volt. A jelentés a partnervárosoknak és a
gazdaságfejlesztésért felelős szakembereknek szól; nem értékeli a budapesti programokat,
hanem azt mutatja meg, mit tanulhatnak belőlük más városrégiók.

## Megfigyelések

A látogatók mindenekelőtt a fővárosban összpontosuló tudás sűrűségét emelték ki: az
egyetemek, a kutatóintézetek és a nemzetközi vállalatok fejlesztőközpontjai egymáshoz
közel működnek. Ez a közelség önmagában azonban nem teremt együttműködést. A
klaszterek ott értek el eredményt, ahol egy kis létszámú, a tagok bizalmát élvező
klasztermenedzsment rendszeresen összehozta a szereplőket.

A fejlesztési pólus program keretet adott a forrásoknak, és jelezte, hogy a főváros
hosszú távon a tudásiparra épít. A résztvevők ugyanakkor azt is látták, hogy a pályázati
alapú támogatás rövid ciklusai nehezítik a tervezést, és sok adminisztrációval járnak.

## Ajánlások

- A városi klaszterpolitika többéves, kiszámítható keretet adjon, amely túlmutat egy-egy
  pályázati cikluson.
- Az önkormányzat inkább közvetítő és szervező legyen, mint finanszírozó: helyszínt,
  kapcsolatokat és információt adhat.
- A tudástranszfer az egyetemek és a kis- és középvállalkozások között kis, gyorsan
  elvégezhető közös feladatokkal induljon.
- A klaszterek eredményeit ne csak a rendezvények számával mérjék, hanem azzal is,
  hogy a tagok között hány új, tartós együttműködés jött létre.
- A partnervárosok osszák meg egymással a klasztermenedzsment képzésének tapasztalatait.

## Következő lépések

A jelentés ajánlásait a partnerek a saját helyi akciótervükben dolgozzák fel. A
következő szemináriumon a hálózat azt vizsgálja, hogyan kapcsolódnak az egyetemek a
városrégiók gazdaságfejlesztéséhez.
"""

INNOPOLISZ_SLIDES_EN = """
# Site visit: the INNOPOLISZ development pole
! CLUSNET Budapest seminar · 4 March 2010 · presentation for the partner delegations

## Why a development pole?

- Budapest's knowledge industry is strong but scattered
- universities, research institutes and companies work side by side, seldom together
- the pole gives them a common framework and a common programme

The presenter opened the visit by placing INNOPOLISZ in the national development pole
programme and in the economic development strategy of the capital.

## What the pole does

- coordinates funding for cluster development and innovation
- connects clusters with universities and research institutes
- supports cluster management organisations with advice and training
- represents the knowledge industry of the city-region abroad

## The clusters around the pole

- Mobility and Multimedia Cluster
- clusters in biotechnology and health care
- clusters in information technology and the creative industries

Each cluster keeps its own cluster management; the pole connects them and does not
replace them.

## Lessons so far

- trust between members takes years to build
- small joint projects open the way to larger ones
- calls for proposals help, but a cluster cannot live on grants alone

## Questions for the partners

- How do your cities support cluster management over the long term?
- Who measures the results of cluster policy, and how?
- How do universities take part in the development of your city-region?
"""

# -- Lyon seminar (a seminar invented for the demo) -----------------------------------------

LYON_MINUTES_EN = """
# Lyon seminar: programme and minutes
! CLUSNET – Clusters & Cities Network · Grand Lyon · demo seminar

## Programme

| Day | Session |
| First day | Arrival of the delegations; welcome by Grand Lyon; introduction to the metropolitan economy |
| Second day | Competitiveness clusters and the city; visits to two clusters; round table on governance |
| Third day | Peer review of the partners' action plans; conclusions and next steps |

## Participants

Delegations of the partner cities and agencies of the network, the hosting team of Grand
Lyon, representatives of two clusters of the metropolitan area, and the network's expert.

## Minutes

The host presented how a metropolitan authority works with competitiveness clusters:
it does not run them, but it helps them find premises, partners and talent, and it
brings them into its economic development strategy. The partners asked how the city
decides which clusters to support. The answer was that the choice follows the strengths
of the local economy and is reviewed together with the clusters themselves.

During the round table the partners compared the roles of cities, regions and national
governments. In several countries the national level funds clusters, while cities know
the companies best. The partners agreed that cooperation between these levels is the
main condition of a good cluster policy.

The peer review looked at the action plans of Leipzig, Munich and Barcelona Activa.
Each partner received questions and suggestions from the others.

## Agreed next steps

- The expert writes a report of the seminar for all partners.
- Each partner updates its action plan with what it learned in Lyon.
- The next seminar will be on universities, knowledge transfer and SMEs.
"""

LYON_CASE_STUDY_EN = """
# Case study: Grand Lyon and its competitiveness clusters
! CLUSNET Lyon seminar · case study prepared by the host

## The metropolitan economy

The economy of the Lyon metropolitan area is diverse: industry, health care and
biotechnology, chemistry, transport and digital services all have a place in it. Several
national competitiveness clusters have their seat in the area. Each brings together
companies, research laboratories and training institutions around common projects.

## The role of the metropolitan authority

Grand Lyon does not manage the clusters. Its role is that of a partner and a
facilitator:

- it includes the clusters in its economic development strategy;
- it helps them find land and premises, for example in technology parks;
- it promotes the metropolitan area abroad together with the clusters;
- it connects cluster members with local schools and universities;
- it co-finances projects with the region and the national government.

## What works

Regular meetings between the clusters and the metropolitan authority keep both informed.
Projects that several clusters share, for instance on transport or on health care,
create links that did not exist before. Foreign investors find a clear contact point.

## Open questions

The partners discussed how to measure the results of this support, and how smaller
companies that belong to no cluster can also benefit from the metropolitan strategy.
"""

BARCELONA_SLIDES_EN = """
# Business support and clusters: the approach of Barcelona Activa
! CLUSNET Lyon seminar · presentation by Barcelona Activa

## Who we are

- the local development agency of the city of Barcelona
- entrepreneurship, business growth, employment and training
- clusters are one of our tools, not a goal in themselves

## From start-up to cluster member

- support for entrepreneurs from the idea to the first customers
- business incubators and a technology park
- growth programmes for small and medium-sized enterprises
- introductions to the clusters of the city-region

The presenter explained that many young companies first meet a cluster through an
incubator, and that this early contact matters more than any later programme.

## Working with clusters

- sector studies shared with the cluster organisations
- joint events and international missions
- training for cluster managers

## What we learned

- clusters grow from the companies, not from a city plan
- the city's role is to connect and to remove obstacles
- results take time: patience is part of the policy

## Questions for discussion

- How can a city support clusters without choosing winners?
- How do we keep small companies in the clusters' programmes?
"""

LEIPZIG_PAPER_EN = """
# Notes on the cluster strategy of a city-region: the case of Leipzig
! CLUSNET Lyon seminar · background paper by Leipzig

## Introduction

This paper describes how Leipzig approaches cluster policy as a city-region. It was
prepared as background for the peer review of Leipzig's action plan at the Lyon seminar
of the network. It does not evaluate programmes; it explains choices and open questions.

## Starting point

After a long period of structural change the economy of Leipzig has been rebuilt around
a few fields in which the city-region has real strengths: the automotive industry,
logistics, energy, health care and biotechnology, and the media and creative
industries. Each field has its own network or cluster organisation.

## Choices of the city

- The city concentrates on a few clusters instead of supporting every sector.
- Each cluster has a contact person in the city administration.
- The city works with the surrounding municipalities, because companies and workers do
  not stop at the city boundary.
- Universities and research institutes are invited into every cluster.

## Open questions for the peer review

- How can the city measure the effect of its cluster policy?
- How should the cluster organisations be financed once public start-up funding ends?
- How can cooperation between the clusters themselves be encouraged, for example
  between logistics and the automotive industry?
"""

LYON_REPORT_EN = """
# Expert report: the CLUSNET seminar in Lyon
! CLUSNET – Clusters & Cities Network · INTERREG IVC · expert report of a demo seminar

## Purpose

This report summarises what the partners learned at the Lyon seminar on competitiveness
clusters and the metropolitan economy. It is meant for the partner cities and for those
who prepare their action plans.

## Observations

The host showed that a metropolitan authority can play a useful part in cluster policy
without managing clusters itself. Its strengths are its knowledge of local companies,
its land and premises, and its ability to bring different public bodies together.

The comparison between the partners showed very different divisions of work between
cities, regions and national governments. Where these levels talk to each other, the
clusters receive coherent support; where they do not, cluster managers spend their time
filling in forms for several funders.

## Recommendations

- Cities should describe their role in cluster policy in writing, together with the
  regional and national levels.
- Support for cluster management should be planned for several years.
- Cities should help clusters reach small companies, not only the large ones.
- Partners should exchange their methods for measuring the results of cluster policy.

## Next steps

The partners will take these recommendations into their action plans. The next seminar
deals with universities, knowledge transfer and SMEs.
"""

LYON_TRIP_REPORT_HU = """
# Beszámoló a CLUSNET lyoni szemináriumáról
! Budapest delegációjának beszámolója a főváros gazdaságfejlesztési szakembereinek

## A szeminárium

A CLUSNET hálózat lyoni szemináriumának témája a versenyképességi klaszterek és a
nagyvárosi gazdaság kapcsolata volt. A házigazda Grand Lyon bemutatta, hogyan működik
együtt a nagyvárosi önkormányzat a térség klasztereivel, és hogyan illeszti be őket a
gazdaságfejlesztési stratégiájába.

## Amit Budapest tanulhat

- A lyoni önkormányzat nem irányítja a klasztereket, hanem partnerként segíti őket:
  telephelyet, kapcsolatokat és nemzetközi megjelenést biztosít.
- A klaszterek és az önkormányzat rendszeresen egyeztet; így mindkét fél tudja, mire
  számíthat a másiktól.
- A több klasztert érintő közös projektek új kapcsolatokat hoznak létre, például a
  közlekedés és az egészségügy területén.
- A külföldi befektetők egyetlen, jól ismert kapcsolattartóhoz fordulhatnak.

## Javaslatok a fővárosnak

A delegáció azt javasolja, hogy a főváros írásban is rögzítse, milyen szerepet vállal a
klaszterpolitikában, és ezt egyeztesse a régióval és a minisztériumokkal. Érdemes
többéves megállapodást kötni a budapesti klaszterek menedzsmentszervezeteivel, és
külön figyelmet fordítani arra, hogy a kis- és középvállalkozások is bekapcsolódhassanak
a klaszterek munkájába.

## További teendők

A beszámoló tanulságait a budapesti helyi támogató csoport következő ülésén tárgyalják
meg, és beépítik a főváros CLUSNET akciótervébe. A következő szeminárium Helsinkiben lesz,
az egyetemek és a tudástranszfer témájában.
"""

# -- Helsinki seminar (a seminar invented for the demo) -------------------------------------

HELSINKI_MINUTES_EN = """
# Helsinki seminar: programme and minutes
! CLUSNET – Clusters & Cities Network · City of Helsinki · demo seminar

## Programme

| Day | Session |
| First day | Welcome by the City of Helsinki; universities in the economy of the city-region |
| Second day | Visits to a university innovation service and a science park; presentations by Gothenburg and Budapest |
| Third day | Workshop on knowledge transfer to SMEs; conclusions |

## Minutes

The host explained how the city, the universities and the science parks of the
Helsinki region share the work of bringing research to companies. The city does not fund
research itself; it supports the meeting places, the incubators and the services that
help companies find the right researchers.

Gothenburg presented its experience with knowledge transfer between universities and
industry, and Budapest presented its plans to connect universities with the clusters of
the INNOPOLISZ development pole. The partners noted that in all cities small and
medium-sized enterprises find it hardest to work with universities, because they have
little time and few staff to spare.

The workshop collected practical ideas: vouchers that pay for a first small project with a
university, student projects in companies, and contact persons in the universities who
know the needs of local companies.

## Agreed next steps

- The expert writes a report of the seminar, which will also be translated into Hungarian
  for the Budapest local support group.
- Partners add knowledge transfer measures to their action plans.
- The next seminar, in Eindhoven, will be on open innovation and the triple helix.
"""

HELSINKI_CASE_STUDY_EN = """
# Case study: universities and the city in the Helsinki region
! CLUSNET Helsinki seminar · case study prepared by the host

## Context

The Helsinki region has several universities and a large number of research institutes.
Their research is strong, but for a long time the city saw them mainly as educational
institutions. Today the city treats them as partners in economic development.

## What the city does

- supports science parks and incubators close to the universities;
- funds innovation services that help companies find researchers;
- invites universities into its economic development strategy;
- promotes the region abroad as a place for research and development.

## Knowledge transfer in practice

Knowledge transfer works best when people move: students who do projects in companies,
researchers who spend time in industry, and company staff who study at the universities.
Formal agreements matter less than personal contacts.

## Difficulties

Small and medium-sized enterprises seldom have their own research staff and may not know
what to ask a university. The city therefore funds advisers who visit companies and
translate their needs into questions researchers can answer.

## Lessons for the partners

The case shows that a city can do much for knowledge transfer without funding research:
it can build meeting places, pay for first contacts, and keep universities and companies
in one conversation about the future of the city-region.
"""

GOTHENBURG_SLIDES_EN = """
# Knowledge transfer between universities and industry: the Gothenburg experience
! CLUSNET Helsinki seminar · presentation by Gothenburg

## The region

- a strong industrial tradition: the automotive industry, logistics and the port
- two large universities and a science park
- long experience of cooperation between industry and research

## How knowledge moves

- joint research centres of universities and companies
- industrial PhD students who work in a company
- an innovation office at each university
- student projects for local companies

The presenter stressed that these tools work only when both sides keep talking, also
when there is no project to fund.

## What the city does

- connects small and medium-sized enterprises with the universities
- supports incubators for start-ups from research
- brings the clusters of the region into its economic development strategy

## Lessons

- start with the companies' questions, not with the research results
- the first project should be small and quick
- personal contacts outlast programmes

## For discussion

- How can SMEs afford the time for cooperation with universities?
- Who should pay for the first contact?
"""

BUDAPEST_KNOWLEDGE_TRANSFER_SLIDES_HU = """
# Tudástranszfer Budapesten: egyetemek, klaszterek és kkv-k
! CLUSNET helsinki szeminárium · a budapesti delegáció előadása

## Kiindulópont

- Budapesten összpontosul az ország egyetemeinek és kutatóintézeteinek jelentős része
- a kutatás erős, de a vállalkozásokkal való együttműködés esetleges
- a kis- és középvállalkozások ritkán fordulnak egyetemekhez

Az előadó azzal kezdte, hogy a tudás jelen van a városban, de nem mindig jut el oda, ahol
szükség van rá.

## Az INNOPOLISZ fejlesztési pólus szerepe

- összeköti a klasztereket az egyetemekkel és a kutatóintézetekkel
- közös projekteket készít elő pályázatokra
- tanácsadással segíti a klasztermenedzsment-szervezeteket

## Mit tervezünk

- kapcsolattartók az egyetemeken, akik ismerik a helyi vállalkozások igényeit
- kisebb, gyorsan elvégezhető közös feladatok a bizalom építésére
- hallgatói projektek a klaszterek tagvállalatainál
- tapasztalatcsere a partnervárosokkal

## Kérdések a partnerekhez

- Hogyan fizetik meg a városok az első kapcsolatfelvétel költségét?
- Hogyan mérik a tudástranszfer eredményeit?
- Milyen szerepet vállal az önkormányzat, ha nem finanszíroz kutatást?
"""

SSE_PAPER_EN = """
# What research says about cluster policy: a short review for city practitioners
! CLUSNET Helsinki seminar · discussion paper by the Stockholm School of Economics

## Purpose

Cities that support clusters often ask what research can tell them. This short paper
summarises, in plain words, some widely shared findings of the research on clusters and
cluster policy. It gives no figures and does not judge any partner's programme.

## Findings that are widely shared

- Clusters grow from existing strengths; policy can seldom create them from nothing.
- The quality of the cluster organisation matters: a small, trusted team that knows the
  members can do more than a large programme.
- Cluster policy works best as part of a wider economic development strategy that also
  deals with skills, infrastructure and the business environment.
- Evaluation is hard, because the effects of cooperation appear slowly and in many forms.

## What this means for cities

Cities are close to companies and know the local economy. They can connect actors,
provide meeting places, and bring the clusters into the city's own plans. They are less
suited to choosing which technologies will succeed.

## Questions for the network

- How can partners share their evaluation methods?
- What should a city stop doing when a cluster becomes strong on its own?
"""

HELSINKI_REPORT_EN = """
# Expert report: the CLUSNET seminar in Helsinki
! CLUSNET – Clusters & Cities Network · INTERREG IVC · expert report of a demo seminar

## Purpose

This report summarises what the partners learned in Helsinki about universities,
knowledge transfer and small and medium-sized enterprises. It is meant for the partner
cities and their local support groups.

## Observations

In every partner city universities are strong, yet small companies rarely work with them.
The reasons are similar everywhere: companies lack time and staff, researchers lack
knowledge of the companies' needs, and the first contact has no one to pay for it.

The host and the visiting partners showed that cities can make a difference without
funding research. They can pay for first contacts, support meeting places and
incubators, and give universities a place in the city's economic development strategy.

## Recommendations

- Cities should fund small first projects between SMEs and universities.
- Universities should name contact persons who know local companies.
- Student projects in companies should be part of every cluster's programme.
- Partners should report in their action plans how they support knowledge transfer.

## Next steps

The report will also be published in Hungarian for the Budapest local support group. The
next seminar, in Eindhoven, will look at open innovation and the triple helix.
"""

HELSINKI_REPORT_HU = """
# Szakértői jelentés: a CLUSNET helsinki szemináriuma
! CLUSNET – Klaszterek és Városok Hálózata · INTERREG IVC · a szakértői jelentés magyar változata

## A jelentés célja

Ez a jelentés azt foglalja össze, mit tanultak a partnerek Helsinkiben az egyetemekről, a
tudástranszferről és a kis- és középvállalkozásokról. A partnervárosoknak és helyi
támogató csoportjaiknak szól.

## Megfigyelések

Minden partnervárosban erősek az egyetemek, a kisvállalkozások mégis ritkán dolgoznak
együtt velük. Az okok mindenütt hasonlók: a vállalkozásoknak kevés az idejük és a
munkatársuk, a kutatók nem ismerik eléggé a vállalkozások igényeit, és az első
kapcsolatfelvétel költségét senki sem fizeti meg.

A házigazda és a vendég partnerek megmutatták, hogy a városok kutatásfinanszírozás nélkül
is sokat tehetnek. Megfizethetik az első kapcsolatfelvételt, támogathatják a
találkozóhelyeket és az inkubátorokat, és helyet adhatnak az egyetemeknek a város
gazdaságfejlesztési stratégiájában.

## Ajánlások

- A városok támogassák a kkv-k és az egyetemek első, kisebb és egyszerű közös projektjeit.
- Az egyetemek nevezzenek meg kapcsolattartókat, akik ismerik a helyi vállalkozásokat.
- A vállalati hallgatói projektek minden klaszter programjának részei legyenek.
- A partnerek akciótervükben számoljanak be arról, hogyan segítik a tudástranszfert.

## Következő lépések

A jelentés magyar változata a budapesti helyi támogató csoport munkáját segíti. A
következő, eindhoveni szeminárium a nyílt innovációval és a hármas spirál modelljével
foglalkozik.
"""

# -- Eindhoven seminar (a seminar invented for the demo) ------------------------------------

EINDHOVEN_MINUTES_EN = """
# Eindhoven seminar: programme and minutes
! CLUSNET – Clusters & Cities Network · Eindhoven · demo seminar

## Programme

| Day | Session |
| First day | Welcome by Eindhoven; the triple helix of the Brainport region |
| Second day | Visit to an open innovation campus; presentations by Dortmund and Budapest |
| Third day | Workshop on the partners' action plans; the network's final steps |

## Minutes

The host described how companies, knowledge institutions and public authorities of the
region work together in a triple helix, and how an open innovation campus lets companies
share laboratories, equipment and ideas.

Dortmund presented its long structural change from coal and steel to new industries, and
Budapest presented how open innovation could help the clusters around the INNOPOLISZ
development pole. The partners discussed whether open innovation suits small and
medium-sized enterprises, which must protect the little knowledge they own.

The workshop reviewed the action plans. Most partners have added measures on knowledge
transfer and on long-term support for cluster management since the Helsinki seminar.

## Agreed next steps

- The expert writes the report of the seminar.
- Eurocities prepares, with all partners, the policy recommendations of the network.
- Each partner presents its final action plan to its local support group.
"""

DORTMUND_CASE_STUDY_EN = """
# Case study: Dortmund, from coal and steel to new clusters
! CLUSNET Eindhoven seminar · case study prepared by Dortmund

## A long structural change

For most of the twentieth century the economy of Dortmund rested on coal, steel and
brewing. When these industries declined, the city lost much of its employment and had to
find new strengths. The change took decades and is still going on.

## The new clusters

- information technology and software;
- logistics, helped by the city's position in the transport network;
- microsystems and new materials, close to the university and research institutes;
- services for health care.

## How the city worked

The city did not wait for national programmes. It set up its own economic development
agency, worked with the university and the research institutes, and turned former
industrial sites into technology parks. It chose a few fields and stayed with them for
many years.

## Lessons

- Structural change needs a long-term strategy that survives changes of government.
- Former industrial land can become an asset for new industries.
- Cooperation between the city, the university and companies must be organised; it does
  not happen by itself.
- Employment and vocational training must be part of cluster policy.
"""

BUDAPEST_OPEN_INNOVATION_SLIDES_HU = """
# Nyílt innováció a budapesti klaszterekben
! CLUSNET eindhoveni szeminárium · a budapesti delegáció előadása

## Miért nyílt innováció?

- a budapesti klaszterek tagjai többnyire kis- és középvállalkozások
- egyedül kevés a forrásuk kutatás-fejlesztésre
- a közös laboratóriumok és a megosztott tudás csökkenti a költségeket

Az előadó arra hívta fel a figyelmet, hogy a nyílt innováció nem jelenti a saját tudás
feladását: a partnereknek előre meg kell egyezniük a közös eredmények használatáról.

## Lehetőségek az INNOPOLISZ pólus körül

- közös tesztkörnyezetek a Mobilitás és Multimédia Klaszterben
- egyetemi laboratóriumok megnyitása a klasztertagok előtt
- ötletpályázatok, amelyekre több vállalkozás közösen jelentkezhet

## Akadályok

- a bizalom hiánya a versenytársak között
- a szellemi tulajdon kezelésének bizonytalanságai
- rövid pályázati ciklusok, hosszú távú tervek helyett

## Amit Eindhoventől tanulhatunk

- a hármas spirál: vállalatok, tudásintézmények és önkormányzat közös stratégiája
- egy fizikai hely, ahol a partnerek naponta találkoznak
- türelem: az eredmények évek alatt születnek
"""

EUROCITIES_PAPER_EN = """
# Cities and cluster policy: a survey of the CLUSNET partners
! CLUSNET Eindhoven seminar · discussion paper by Eurocities

## Purpose

Eurocities asked the partners of the network how they organise their cluster policy.
This paper summarises their answers in words; it gives no figures and ranks no city.

## Who does what

In most partner cities the city itself supports clusters, often through an economic
development agency. The regional and national levels usually provide most of the
funding, while cities provide knowledge of local companies, premises and contacts.

## Common tools

- support for cluster management organisations;
- incubators, science parks and technology parks;
- matchmaking events and international missions;
- programmes that connect universities with small and medium-sized enterprises;
- promotion of the city-region abroad.

## Common difficulties

- short funding cycles that make long-term planning difficult;
- the lack of shared methods to measure results;
- reaching small companies that belong to no cluster;
- coordination between the city, the region and the national government.

## Questions for the final recommendations

- What should cities ask from the European Union and their national governments?
- Which good practices of the network deserve to be shared with other cities?
"""

EINDHOVEN_REPORT_EN = """
# Expert report: the CLUSNET seminar in Eindhoven
! CLUSNET – Clusters & Cities Network · INTERREG IVC · expert report of a demo seminar

## Purpose

This report summarises what the partners learned in Eindhoven about open innovation and
the triple helix, and how the partners' action plans have changed during the network.

## Observations

The Brainport region shows that companies, knowledge institutions and public authorities
can share one strategy when they meet often and trust each other. An open innovation
campus gives this cooperation a physical place.

Dortmund's experience shows that a city can change its economy over a long period if it
keeps to a strategy. Budapest's presentation showed both the promise and the obstacles
of open innovation for small and medium-sized enterprises.

## Recommendations

- Cities should create physical places where companies and researchers meet every day.
- Open innovation programmes should offer clear rules on intellectual property.
- The triple helix should include the city, not only the national government.
- The network's policy recommendations should draw on all seminars.

## Next steps

Eurocities will prepare the network's policy recommendations with all partners.
"""

# -- the network as a whole ------------------------------------------------------------------

RECOMMENDATIONS_EN = """
# CLUSNET policy recommendations: cities and cluster policy
! CLUSNET – Clusters & Cities Network · INTERREG IVC · recommendations of the network

## Why cities matter

Cities are close to companies, universities and citizens. They know the local economy,
own land and premises, and can bring many actors together. The CLUSNET partners have
learned at their seminars that these strengths make cities essential partners in cluster
policy, even where most of the funding comes from the regional, national or European
level.

## Recommendations to cities

- Give cluster policy a place in the city's economic development strategy, with a plan
  for several years.
- Support cluster management organisations over the long term, and judge them by the
  cooperation they create, not only by their events.
- Connect universities with small and medium-sized enterprises through small first
  projects and contact persons.
- Create meeting places: incubators, science parks and open innovation campuses.
- Share methods for measuring results with other cities.

## Recommendations to regions, national governments and the European Union

- Involve cities when cluster programmes are designed.
- Fund cluster management for longer periods than single calls for proposals.
- Reduce the administrative burden on small cluster organisations.
- Support networks of cities that learn from each other, as CLUSNET did.

## A last word

Cluster policy is a long-term task. Trust between companies, researchers and public
authorities grows slowly and is easily lost. Cities can protect it by being reliable
partners.
"""

RECOMMENDATIONS_HU = """
# A CLUSNET szakpolitikai ajánlásai: a városok és a klaszterpolitika
! CLUSNET – Klaszterek és Városok Hálózata · INTERREG IVC · a hálózat ajánlásainak magyar változata

## Miért fontosak a városok?

A városok közel vannak a vállalkozásokhoz, az egyetemekhez és a polgárokhoz. Ismerik a
helyi gazdaságot, telkekkel és épületekkel rendelkeznek, és sok szereplőt képesek
összehozni. A CLUSNET partnerei szemináriumaikon megtapasztalták, hogy ezek az erősségek a
városokat a klaszterpolitika nélkülözhetetlen partnereivé teszik, még ott is, ahol a
források nagyobb része regionális, nemzeti vagy európai szintről érkezik.

## Ajánlások a városoknak

- A klaszterpolitika kapjon helyet a város gazdaságfejlesztési stratégiájában, többéves
  tervvel.
- A városok hosszú távon támogassák a klasztermenedzsment-szervezeteket, és azok munkáját
  az általuk létrehozott együttműködések alapján is ítéljék meg, ne csak a rendezvények
  alapján.
- Kössék össze az egyetemeket a kis- és középvállalkozásokkal kisebb első projektek és
  kapcsolattartók révén.
- Hozzanak létre találkozóhelyeket: inkubátorokat, tudományos parkokat és nyílt
  innovációs központokat.
- Osszák meg más városokkal az eredmények mérésének módszereit.

## Ajánlások a régióknak, a kormányoknak és az Európai Uniónak

- Vonják be a városokat a klaszterprogramok tervezésébe.
- A klasztermenedzsmentet egy-egy pályázati ciklusnál hosszabb időre finanszírozzák.
- Csökkentsék a kis klaszterszervezetek adminisztratív terheit.
- Támogassák az egymástól tanuló városok hálózatait, ahogyan a CLUSNET is működött.

## Zárszó

A klaszterpolitika hosszú távú feladat. A vállalkozások, a kutatók és a közszféra közötti
bizalom lassan épül, és könnyen elvész. A városok megbízható partnerként őrizhetik meg.
"""

LOCAL_SUPPORT_GROUP_MINUTES_HU = """
# Emlékeztető: a budapesti helyi támogató csoport ülése
! CLUSNET – Klaszterek és Városok Hálózata · a budapesti helyi támogató csoport

## Résztvevők

A főváros gazdaságfejlesztési szakemberei, a budapesti klaszterek menedzsmentszervezeteinek
képviselői, két egyetem kutatásszervezői, egy kamarai munkatárs és a CLUSNET projekt
budapesti koordinátora.

## Napirend

- beszámoló a lyoni és a helsinki szemináriumról;
- a helsinki szakértői jelentés ajánlásai;
- a budapesti CLUSNET akcióterv módosítása;
- a következő, eindhoveni szeminárium előkészítése.

## Az ülés összefoglalója

A koordinátor röviden ismertette a két szeminárium tanulságait. A résztvevők egyetértettek
abban, hogy a tudástranszfer a budapesti kis- és középvállalkozások számára is a
legfontosabb kérdések egyike. Az egyetemek képviselői jelezték, hogy szívesen neveznének
meg kapcsolattartókat, ha a klaszterek összegyűjtik tagjaik kérdéseit.

A klasztermenedzsmentek a hosszú távú, kiszámítható támogatás fontosságát hangsúlyozták.
A főváros képviselője elmondta, hogy a gazdaságfejlesztési stratégia felülvizsgálatakor
javaslatot tesz a klaszterekkel kötendő többéves együttműködési megállapodásokra.

## Döntések

- Az akcióterv kiegészül egy tudástranszfer-intézkedéssel: kisebb közös projektek a
  klasztertagok és az egyetemek között.
- A csoport az eindhoveni szemináriumra a nyílt innovációról készít előadást.
- A következő ülésen a résztvevők a szakpolitikai ajánlások tervezetét tárgyalják meg.
"""
