// sf_ram for iCE40 (replaces rtl/sf_ram.sv in the FPGA flow, rtl_sim/fpga/ice40_flow.hpp): the same
// ports and timing (one write port, one synchronous read port whose data register holds while `re`
// is low). The weight bank is built from UP5K SPRAM tiles (SB_SPRAM256KA, 16K x 16 bits each); every
// other instance is a plain array that yosys maps to EBR (SB_RAM40_4K). The flow names the weight
// bank by its shape and says how its words are stored, with these macros (absent: no SPRAM):
//   SF_WMEM_AW, SF_WMEM_DW  address bits and word width of the weight bank (the instance to map)
//   SF_WMEM_SHIFT           low bits of every weight that are zero (not stored)
//   SF_WMEM_SLOT            stored bits per weight: 8 (two weights per SPRAM word) or 16
//   SF_WMEM_TILES           SPRAM tiles (1..4)
// A stored slot holds (weight >>> SHIFT) in two's complement; a read returns it sign-extended and
// shifted back. The flow checks that every weight of the network is representable this way.
// SPRAM is single-ported: a write takes the address port (the core writes weights only through the
// load port, while idle, and reads them only while processing a step).
module sf_ram #(
  parameter int AW = 10,
  parameter int DW = 16
) (
  input  logic          clk,
  input  logic          we,
  input  logic [AW-1:0] waddr,
  input  logic [DW-1:0] wdata,
  input  logic          re,
  input  logic [AW-1:0] raddr,
  output logic [DW-1:0] rdata
);
`ifdef SF_WMEM_AW
  localparam bit IsWeights = AW == `SF_WMEM_AW && DW == `SF_WMEM_DW;
`else
  localparam bit IsWeights = 1'b0;
`endif
  if (IsWeights) begin : g_spram
`ifdef SF_WMEM_AW
    sf_ice40_wram #(.AW(AW), .DW(DW), .SHIFT(`SF_WMEM_SHIFT), .SLOT(`SF_WMEM_SLOT), .TILES(`SF_WMEM_TILES)) u_wram (
      .clk, .we, .waddr, .wdata, .re, .raddr, .rdata);
`endif
  end else begin : g_array
    // no_rw_check: the core never uses a read that coincides with a write of the same word (the
    // accumulator row being written is forwarded, the state read at issue is another neuron's, the
    // clear pass ignores the v it reads, events are written to the other half of the buffer, the
    // host's FIFO reads only behind its write pointer), so yosys need not add logic that gives
    // such a read the old word.
    (* no_rw_check *) logic [DW-1:0] mem [0:(1<<AW)-1];
    always_ff @(posedge clk) begin
      if (we) mem[waddr] <= wdata;
      if (re) rdata <= mem[raddr];
    end
  end
endmodule

// Weight store in SPRAM tiles: slot k of the bank is half (k mod 2) of word k / 2 (SLOT = 8) or
// word k (SLOT = 16); word w is address w mod 16384 of tile w / 16384.
module sf_ice40_wram #(
  parameter int AW = 10,
  parameter int DW = 9,
  parameter int SHIFT = 0,
  parameter int SLOT = 8,
  parameter int TILES = 1
) (
  input  logic          clk,
  input  logic          we,
  input  logic [AW-1:0] waddr,
  input  logic [DW-1:0] wdata,
  input  logic          re,
  input  logic [AW-1:0] raddr,
  output logic [DW-1:0] rdata
);
  localparam int PerWord = (SLOT == 8) ? 2 : 1;
  localparam int HalfW   = (PerWord == 2) ? 1 : 0;
  logic [31:0] addr, word;
  assign addr = we ? 32'(waddr) : 32'(raddr);
  assign word = addr >> HalfW;
  logic [1:0] tile;
  assign tile = 2'(word >> 14);
  logic [15:0] din;
  logic [3:0]  mask;
  logic [SLOT-1:0] slot_in;
  assign slot_in = SLOT'($signed(wdata) >>> SHIFT);
  if (PerWord == 2) begin : g_pack2
    assign din  = {slot_in, slot_in};
    assign mask = addr[0] ? 4'b1100 : 4'b0011;
  end else begin : g_pack1
    assign din  = 16'(slot_in);
    assign mask = 4'b1111;
  end
  logic [15:0] dout [TILES];
  for (genvar t = 0; t < TILES; t++) begin : g_tile
    SB_SPRAM256KA u_spram (
      .ADDRESS(word[13:0]), .DATAIN(din), .MASKWREN(mask), .WREN(we),
      .CHIPSELECT((we || re) && 32'(tile) == t), .CLOCK(clk),
      .STANDBY(1'b0), .SLEEP(1'b0), .POWEROFF(1'b1), .DATAOUT(dout[t]));
  end
  logic [1:0] r_tile;
  logic       r_half;
  always_ff @(posedge clk) begin
    if (re && !we) begin
      r_tile <= tile;
      r_half <= addr[0];
    end
  end
  logic [15:0] r_word;
  assign r_word = dout[(TILES == 1) ? 0 : 32'(r_tile)];
  logic [SLOT-1:0] r_slot;
  if (PerWord == 2) begin : g_sel2
    assign r_slot = r_half ? r_word[15:8] : r_word[7:0];
  end else begin : g_sel1
    assign r_slot = SLOT'(r_word);
  end
  assign rdata = DW'($signed(r_slot)) << SHIFT;
endmodule
